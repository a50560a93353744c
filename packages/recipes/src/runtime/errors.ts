/** A problem with the machine or the options that the user fixes (message says how). */
export class NativeError extends Error {
  override readonly name = 'NativeError';
}
