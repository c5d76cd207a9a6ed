// seedrandom's alea generator on its own (CommonJS; @types/seedrandom types only the package index,
// which also loads the six generators batchsim does not use).
declare module 'seedrandom/lib/alea.js' {
  const alea: (seed: string) => () => number;
  export default alea;
}
