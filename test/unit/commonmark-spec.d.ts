// The commonmark-spec package ships the spec's examples without types.
declare module 'commonmark-spec' {
  export interface SpecExample {
    readonly markdown: string;
    readonly html: string;
    readonly section: string;
    readonly number: number;
  }
  export const tests: readonly SpecExample[];
}
