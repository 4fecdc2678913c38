// The model section of a run config (JSON). Defaults and validation: src/train/config.ts.

export type EncoderConfig =
  /** Fully connected: Linear → ReLU for each hidden size. */
  | { type: 'mlp'; hidden: number[] }
  /**
   * Convolutional: for each entry of `channels`, conv (kernel × kernel, `stride`,
   * padding kernel>>1) → ReLU; then flatten and Linear → ReLU for each `hidden` size.
   */
  | { type: 'cnn'; channels: number[]; kernel: number; stride: number; hidden: number[] };

export const BOTTLENECK_VARIANTS = ['wta', 'softmax', 'topk', 'relu', 'sigmoid', 'linear'] as const;
export type BottleneckVariant = (typeof BOTTLENECK_VARIANTS)[number];

export interface BottleneckConfig {
  /** default 'wta': hard one-hot per group, straight-through gradient. */
  variant: BottleneckVariant;
  /** Number of groups G (default 4). */
  groups: number;
  /** Units per group K (default 4); the layer has G·K units for every variant. */
  units: number;
  /** Softmax temperature τ for 'softmax' and the straight-through surrogate of 'wta' (default 1). */
  temperature: number;
  /** If set, τ is annealed geometrically from `temperature` to this value over training (default null: constant). */
  finalTemperature: number | null;
  /** Winners kept over the whole layer by 'topk' (default: groups). */
  k: number;
}

export interface HeadsConfig {
  /** 'linear' (default; the theorem's setting) or 'mlp'. */
  type: 'linear' | 'mlp';
  /** Hidden sizes of 'mlp' heads (default [32]); ignored for 'linear'. */
  hidden: number[];
}

export interface ModelConfig { encoder: EncoderConfig; bottleneck: BottleneckConfig; heads: HeadsConfig }
