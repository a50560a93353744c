import { execFileSync } from 'node:child_process';
import { formatFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import {
  constName,
  exportedVariant,
  NAME_PATTERN,
  RecipeGeneratorError,
  registerVariant,
  variantFile,
  variantTestFile,
} from './variant-files.ts';

export interface RecipeGeneratorOptions {
  name: string;
  from?: string;
  description?: string;
  skipGolden?: boolean;
}

const RECIPES = 'packages/recipes';
const VARIANTS_DIR = `${RECIPES}/src/variants`;

function descriptionOf(source: string): string | undefined {
  return /description:\s*(?:\n\s*)?'((?:[^'\\]|\\.)*)'/.exec(source)?.[1];
}

/**
 * `nx g @ohif-recipes/tools:recipe <name> --from <variant>`: a variant file that starts
 * from an existing one, its registration in VARIANTS, and its golden test. Unless
 * --skipGolden, it then builds the recipes package and writes the golden files, so the
 * new variant passes its tests unchanged.
 */
export default async function recipeGenerator(
  tree: Tree,
  options: RecipeGeneratorOptions,
): Promise<GeneratorCallback | undefined> {
  const { name } = options;
  const from = options.from ?? 'nginx-orthanc';
  if (!NAME_PATTERN.test(name))
    throw new RecipeGeneratorError(
      `name: "${name}" is not a variant name; fix: use lower-case words joined by "-", e.g. nginx-orthanc-s3`,
    );
  const file = `${VARIANTS_DIR}/${name}.ts`;
  if (tree.exists(file))
    throw new RecipeGeneratorError(`name: ${file} already exists; fix: choose another name`);
  const fromFile = `${VARIANTS_DIR}/${from}.ts`;
  if (!tree.exists(fromFile)) {
    const known = tree
      .children(VARIANTS_DIR)
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''));
    throw new RecipeGeneratorError(
      `from: no variant "${from}" (${fromFile}); fix: use one of: ${known.join(', ')}`,
    );
  }
  const fromSource = tree.read(fromFile, 'utf-8') as string;
  const description =
    options.description ?? `${descriptionOf(fromSource) ?? from} (variant ${name})`;

  tree.write(
    file,
    variantFile({ name, from, fromConst: exportedVariant(fromSource, fromFile), description }),
  );
  const indexFile = `${VARIANTS_DIR}/index.ts`;
  tree.write(indexFile, registerVariant(tree.read(indexFile, 'utf-8') as string, name));
  const testFile = `${RECIPES}/test/variants/${name}.test.ts`;
  tree.write(testFile, variantTestFile(name));
  await formatFiles(tree);

  if (options.skipGolden) return undefined;
  return () => {
    const root = tree.root;
    logger.info(`building the recipes package (nx build recipes)...`);
    execFileSync('npx', ['nx', 'build', 'recipes', '--output-style=static'], {
      cwd: root,
      stdio: 'inherit',
    });
    logger.info(`writing golden files for ${name} (${constName(name)})...`);
    execFileSync('npx', ['vitest', 'run', `test/variants/${name}.test.ts`, '--update'], {
      cwd: `${root}/${RECIPES}`,
      stdio: 'inherit',
    });
    logger.info(
      `done: edit ${file}, then review test/golden/${name}/ and test/golden/${name}-subpath/ (update them with: cd ${RECIPES} && npx vitest run test/variants/${name}.test.ts --update)`,
    );
  };
}
