import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type {
  FactorProbe,
  InspectionState,
  SpecialCaseEntry,
  SpecialCaseRequest,
} from '../runtime/factor-probe';
import { specialCaseKey } from '../runtime/factor-probe';
import type { LiveRunner, LiveState } from '../runtime/live-runner';
import type { RuntimeActions } from '../runtime/model-runtime';
import type {
  BaselineState,
  GenerationState,
  ModelRuntimeState,
  ModelStore,
  RuntimePhase,
} from '../runtime/runtime-state';
import type { BackendInfo, ModelInfo } from '../spec';
import { getPageModelServices } from './page-model-services';

/** What the model panels talk to: the runtime (and its store), the factor probe and the live runner. */
export interface ModelServices {
  runtime: RuntimeActions;
  store: ModelStore;
  probe: FactorProbe;
  liveRunner: LiveRunner;
}

const ModelServicesContext = createContext<ModelServices | null>(null);

/** Gives the model panels below their services (component tests pass fakes). */
export function ModelServicesProvider({ value, children }: { value: ModelServices; children: ReactNode }) {
  return <ModelServicesContext value={value}>{children}</ModelServicesContext>;
}

/**
 * The services of the nearest provider or, with none above, the page's own. The app shell sets no
 * provider on purpose: it is on the first screen, and importing the page's services there would pull
 * the model runtime into the first-screen bundle (npm run build fails on that). Only the lazily loaded
 * model panels import this file, so the page's services are created the first time one of them renders.
 */
export function useModelServices(): ModelServices {
  return useContext(ModelServicesContext) ?? getPageModelServices();
}

/** Read the runtime's store, like xyflow's useStore: re-renders when the selected value changes. */
function useModelState<T>(selector: (state: ModelRuntimeState) => T): T {
  return useStore(useModelServices().store, selector);
}

export const useRuntimeActions = (): RuntimeActions => useModelServices().runtime;
export const useFactorProbe = (): FactorProbe => useModelServices().probe;
export const useLiveRunner = (): LiveRunner => useModelServices().liveRunner;

export const useRuntimePhase = (): RuntimePhase => useModelState((s) => s.phase);
export const useBackendInfo = (): BackendInfo | null => useModelState((s) => s.backend);
export const useModelInfo = (): ModelInfo | null => useModelState((s) => s.model);
export const useGeneration = (): GenerationState => useModelState((s) => s.generation);
export const useBaselines = (): BaselineState | null => useModelState((s) => s.baselines);

/** How many steps the model has trained: the latest loss point's, else the loaded model's. */
export const useTrainedSteps = (): number =>
  useModelState((s) => s.history.at(-1)?.step ?? s.model?.step ?? 0);

/** What the training panel shows, in one subscription (re-renders only when one of these fields changes). */
export function useTrainingState() {
  return useModelState(
    useShallow((s: ModelRuntimeState) => ({
      phase: s.phase,
      backend: s.backend,
      status: s.status,
      override: s.backendOverride,
      shape: s.shape,
      adjustments: s.adjustments,
      model: s.model,
      history: s.history,
      untilStep: s.untilStep,
      alert: s.alert,
      trainError: s.trainError,
      notices: s.notices,
      customText: s.customText,
      checkpoint: s.lastCheckpoint,
      storageNotice: s.storageNotice,
    })),
  );
}

/** The factor probe's latest inspection (text, status and tensors). */
export const useInspection = (): InspectionState => useStore(useFactorProbe().store, (s) => s.inspection);

/** The probe's entry for a special-case request (undefined until asked, or for no request). */
export function useSpecialCase(request: SpecialCaseRequest | null): SpecialCaseEntry | undefined {
  return useStore(useFactorProbe().store, (s) =>
    request ? s.specialCases[specialCaseKey(request)] : undefined,
  );
}

/** The live runner's stored runs and progress. */
export const useLiveRuns = (): LiveState => useStore(useLiveRunner().store);
