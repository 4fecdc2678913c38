export { buildReport, type Report } from './markdown.js';
export { compare, groupCells, type Verdict, type Comparison } from './aggregate.js';
export { claimStatus, evaluateClaims } from './claims.js';
