/**
 * The preload: the only bridge between the sandboxed renderer and main. It exposes exactly two
 * functions on `window.pulse` — call a contract method, listen to contract events — over the two
 * channels the contract names. No Node API, no ipcRenderer, no other channel reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallOutcome } from '../src-shared/contract/transport';

type EventListener = (name: string, payload: unknown) => void;

const bridge = {
  call: (name: string, args: unknown): Promise<CallOutcome> => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args),
  onEvent: (listener: EventListener): (() => void) => {
    const wrapped = (_e: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

export type PulseBridge = typeof bridge;

contextBridge.exposeInMainWorld('pulse', bridge);
