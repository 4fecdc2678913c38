// The report's statistics are the metrics layer's (95% t-interval, paired t-test).
export { meanCI, pairedTest } from '../../metrics/index.js';
export interface CI {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}
