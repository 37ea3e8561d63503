import type { PanelFactory } from '../panel';
import { alertsPanel } from './alerts';
import { chatPanel } from './chat';
import { consensusPanel } from './consensus';
import { decisionsPanel } from './decisions';
import { federatedPanel } from './federated';
import { healthPanel } from './health';
import { metricsPanel } from './metrics';
import { modelsPanel } from './models';
import { networkPanel } from './network';
import { nodePanel } from './node';
import { peersPanel } from './peers';

/**
 * The dashboard's panels, in the order the page shows them. A new subsystem adds its panel as one module in this
 * folder and one line here; no other panel changes.
 */
export const PANELS: readonly PanelFactory[] = [
  networkPanel,
  nodePanel,
  metricsPanel,
  healthPanel,
  alertsPanel,
  peersPanel,
  consensusPanel,
  decisionsPanel,
  federatedPanel,
  modelsPanel,
  chatPanel,
];
