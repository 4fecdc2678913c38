import type { NamedParameter } from '../tensor/parameter.js';
import { Arena } from '../tensor/arena.js';
import { zeros, type Tensor } from '../tensor/tensor.js';

/**
 * Updates parameters in place from their `.grad` (left by backward()). State tensors
 * (momenta, Adam moments) live in the optimizer's own persistent arena and are named
 * '<parameter>.<slot>' for checkpoints.
 */
export abstract class Optimizer {
  protected readonly arena: Arena;
  /** Steps taken (Adam's bias correction needs it; saved in checkpoints). */
  stepCount = 0;
  private readonly state = new Map<string, Tensor>();
  private readonly slots = new Map<Tensor, Tensor[]>();

  constructor(readonly params: readonly NamedParameter[], name: string) {
    this.arena = new Arena(`optimizer-${name}`);
  }

  /** One update with learning rate `lr`. Parameters without a gradient are left alone. */
  abstract step(lr: number): void;

  /** A zero-initialized state tensor shaped like parameter `p`, created once. */
  protected slot(p: NamedParameter, slot: string): Tensor {
    const key = `${p.name}.${slot}`;
    let t = this.state.get(key);
    if (t === undefined) {
      t = zeros(p.tensor.shape, this.arena);
      this.state.set(key, t);
      const list = this.slots.get(p.tensor);
      if (list === undefined) this.slots.set(p.tensor, [t]);
      else list.push(t);
    }
    return t;
  }

  /** The state tensors of one parameter (each shaped like it), in creation order; none before the first step. */
  slotsOf(param: Tensor): readonly Tensor[] {
    return this.slots.get(param) ?? [];
  }

  /** Every state tensor, by name ('<parameter>.<slot>'), in a fixed order. */
  stateTensors(): Map<string, Tensor> {
    return this.state;
  }

  /** Restores state saved by stateTensors() (and stepCount) for an exact resume. */
  loadState(saved: ReadonlyMap<string, Float32Array>, stepCount: number): void {
    for (const [key, values] of saved) {
      const param = this.params.find((p) => key.startsWith(`${p.name}.`) && !key.slice(p.name.length + 1).includes('.'));
      if (param === undefined) throw new Error(`wtanet: optimizer state '${key}' matches no parameter of this model`);
      const t = this.slot(param, key.slice(param.name.length + 1));
      if (t.size !== values.length) throw new Error(`wtanet: optimizer state '${key}' has ${values.length} values, the parameter has ${t.size}`);
      t.data().set(values);
    }
    this.stepCount = stepCount;
  }

  dispose(): void {
    this.arena.dispose();
    this.state.clear();
    this.slots.clear();
  }
}
