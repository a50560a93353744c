/** One file of a recipe: where it goes, what it holds, and one line saying what it is for. */
export interface GeneratedFile {
  path: string;
  text: string;
  /** Shown in the recipe README's file table. */
  description: string;
}

/** The manifest in a recipe folder: every file the tool wrote there, with its hash. */
export const MANIFEST = '.ohif-recipes';
