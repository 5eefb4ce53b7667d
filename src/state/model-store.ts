import { useStore } from 'zustand';
import type { ModelRuntimeState, ModelStore } from '../runtime/runtime-state';

export function useModelStore<T>(store: ModelStore, selector: (s: ModelRuntimeState) => T): T {
  return useStore(store, selector);
}

export const selectPhase = (s: ModelRuntimeState) => s.phase;
export const selectBackend = (s: ModelRuntimeState) => s.backend;
export const selectHistory = (s: ModelRuntimeState) => s.history;
export const selectGeneration = (s: ModelRuntimeState) => s.generation;
export const selectNotices = (s: ModelRuntimeState) => s.notices;
