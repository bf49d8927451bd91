// picomatch ships no types; the walker calls only `picomatch(patterns, options)` (see glob.ts).
declare module 'picomatch' {
  const picomatch: (patterns: string[], options: { dot: boolean; posix: boolean }) => (input: string) => boolean;
  export default picomatch;
}
