// Every planner rule, in the order they are tried: the first that decides wins, the others become alternatives.
import { acs } from './acs.js';
import { behindRelay } from './behind-relay.js';
import { bridge } from './bridge.js';
import { connectorRelay } from './connector-relay.js';
import { directSend } from './direct-send.js';
import { graph } from './graph.js';
import { hve } from './hve.js';
import { relayConnector } from './relay-connector.js';
import { smtpOauth } from './smtp-oauth.js';
import type { Rule } from './types.js';

// Bulk senders move to HVE/ACS even when a relay carries them today: a connector is not for bulk mail.
export const RULES: Rule[] = [hve, acs, behindRelay, graph, relayConnector, smtpOauth, directSend, connectorRelay, bridge];
