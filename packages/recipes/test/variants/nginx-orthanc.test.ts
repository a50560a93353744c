import { variantSuite } from '../variant-suite.js';

variantSuite('nginx-orthanc');
