/**
 * Small integer serials for live records (contexts, parents), reused after release, so the value
 * index can keep dense groups as bitsets over them (see value-index.ts).
 */
import type { Serials } from "./value-index.js";

/** Live items by serial, with a free list. */
export class SerialTable<T extends { readonly serial: number }> implements Serials<T> {
  readonly #items: (T | undefined)[] = [];
  readonly #free: number[] = [];

  /** The serial the next `register` will use. */
  next(): number {
    return this.#free.at(-1) ?? this.#items.length;
  }

  /** Records `item` under its serial, which must be `next()`. */
  register(item: T): void {
    if (item.serial !== this.next()) throw new Error(`serial ${item.serial} is not the next free one`);
    if (this.#free.length > 0) this.#free.pop();
    this.#items[item.serial] = item;
  }

  /** Forgets `item`; its serial is reused. */
  release(item: T): void {
    this.#items[item.serial] = undefined;
    this.#free.push(item.serial);
  }

  readonly serialOf = (item: T): number => item.serial;
  readonly itemAt = (serial: number): T => this.#items[serial]!;
  readonly bound = (): number => this.#items.length;
}
