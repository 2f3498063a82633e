/**
 * Felix's LabelRestrictionIndex shape: each selector filed under one key (label = one of some
 * values, label present, or nowhere usable), so a new label context only evaluates the selectors
 * filed under labels it actually carries, plus the unoptimized ones. Which key a selector gets
 * is decided by the caller from real counts (see label-index.ts).
 */
import type { LabelContext } from "./label-context.js";
import type { SelectorState } from "./selector-state.js";

/** Selectors filed for context updates. */
export class SelectorFiling {
  readonly #byValue = new Map<string, Map<string, Set<SelectorState>>>();
  readonly #wildcard = new Map<string, Set<SelectorState>>();
  readonly #unoptimized = new Set<SelectorState>();

  /** Files a selector under its key (impossible selectors are not filed: they never match). */
  file(state: SelectorState): void {
    const key = state.filing;
    switch (key.kind) {
      case "values": {
        let values = this.#byValue.get(key.label);
        if (values === undefined) {
          values = new Map();
          this.#byValue.set(key.label, values);
        }
        for (const value of key.values) {
          let states = values.get(value);
          if (states === undefined) {
            states = new Set();
            values.set(value, states);
          }
          states.add(state);
        }
        break;
      }
      case "wildcard": {
        let states = this.#wildcard.get(key.label);
        if (states === undefined) {
          states = new Set();
          this.#wildcard.set(key.label, states);
        }
        states.add(state);
        break;
      }
      case "unoptimized":
        this.#unoptimized.add(state);
        break;
      case "impossible":
        break;
      default: {
        const unreachable: never = key;
        throw new Error(`unknown filing key ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Undoes `file`. */
  unfile(state: SelectorState): void {
    const key = state.filing;
    switch (key.kind) {
      case "values": {
        const values = this.#byValue.get(key.label);
        if (values === undefined) return;
        for (const value of key.values) {
          const states = values.get(value);
          if (states === undefined) continue;
          states.delete(state);
          if (states.size === 0) values.delete(value);
        }
        if (values.size === 0) this.#byValue.delete(key.label);
        break;
      }
      case "wildcard": {
        const states = this.#wildcard.get(key.label);
        states?.delete(state);
        if (states?.size === 0) this.#wildcard.delete(key.label);
        break;
      }
      case "unoptimized":
        this.#unoptimized.delete(state);
        break;
      case "impossible":
        break;
      default: {
        const unreachable: never = key;
        throw new Error(`unknown filing key ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** How many selectors are filed under (label, value) and (label, any): the cost of carrying that label. */
  filedCount(label: string, value: string | undefined): number {
    if (value === undefined) return this.#wildcard.get(label)?.size ?? 0;
    return this.#byValue.get(label)?.get(value)?.size ?? 0;
  }

  /** Number of selectors scanned on every context update. */
  get unoptimizedCount(): number {
    return this.#unoptimized.size;
  }

  /** How many candidates `forEachCandidate` would visit for the context (with repeats). */
  estimate(context: LabelContext): number {
    let total = this.#unoptimized.size;
    context.forEachLabel((label, value) => {
      total += (this.#wildcard.get(label)?.size ?? 0) + (this.#byValue.get(label)?.get(value)?.size ?? 0);
    });
    return total;
  }

  /**
   * Calls `visit` for every selector that could match the context: those filed under one of its
   * effective labels, then every unoptimized one. May repeat a selector; callers de-duplicate.
   */
  forEachCandidate(context: LabelContext, visit: (state: SelectorState) => void): void {
    const byValue = this.#byValue;
    const wildcard = this.#wildcard;
    context.forEachLabel((label, value) => {
      const any = wildcard.get(label);
      if (any !== undefined) for (const state of any) visit(state);
      const specific = byValue.get(label)?.get(value);
      if (specific !== undefined) for (const state of specific) visit(state);
    });
    for (const state of this.#unoptimized) visit(state);
  }
}
