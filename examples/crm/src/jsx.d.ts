// The example renders with any JSX runtime; these are just enough JSX types for tsc.
declare namespace JSX {
  type Element = unknown;
  interface IntrinsicElements {
    [tag: string]: Record<string, unknown>;
  }
  interface IntrinsicAttributes {
    key?: string | number;
  }
}
