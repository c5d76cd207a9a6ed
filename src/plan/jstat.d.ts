// The one function of jstat (a dependency-free statistics library, CommonJS) the planner uses.
declare module 'jstat' {
  const jstat: { jStat: { studentt: { inv(p: number, dof: number): number } } };
  export default jstat;
}
