/**
 * The shared types of the playground, each defined once as a valibot schema with its TypeScript type
 * derived from it. The lowest layer: it imports nothing of ours, and everything that needs a shape
 * (memory formulas, the model, the training loop, the worker protocol, the runtime, the sweep) imports
 * it from here.
 */
export * from './numbers';
export * from './parse';
export * from './attention';
export * from './model';
export * from './dataset';
export * from './training';
export * from './backend';
export * from './measurements';
export * from './model-key';
