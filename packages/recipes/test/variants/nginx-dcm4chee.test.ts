import { variantSuite } from '../variant-suite.js';

variantSuite('nginx-dcm4chee');
