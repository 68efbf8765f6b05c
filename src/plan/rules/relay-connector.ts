// A relay (Postfix, Sendmail, Exim, IIS) forwarding for many clients and From addresses, with a static
// public IP: an OnPremises inbound connector keeps every client as it is, with no mailbox and no password.
import { plural, say, type Rule } from './types.js';

const messages = {
  unknownClients: '{name} is a relay (no logs read, so its clients are not known): an OnPremises inbound connector for {ips} lets it relay through {mx}:25 without a mailbox or password, and every client keeps sending to it unchanged. P1 MAIL FROM must be in an accepted domain. Retire it later, once each client has moved.',
  relay: '{name} relays for {clients} with {froms}: an OnPremises inbound connector for {ips} lets it relay through {mx}:25 without a mailbox or password; one mailbox over SMTP AUTH would need Send As for every From and hit the 10,000 recipients/day limit. P1 MAIL FROM must be in an accepted domain.',
};

export const relayConnector: Rule = {
  id: 'relay-connector',
  target: 'connector-relay',
  description: 'relays with a static public IP relay through an OnPremises inbound connector',
  messages,
  appliesTo: (s) => s.kind === 'relay',
  decide(s, tenant) {
    if (!tenant.staticIps.length) return null;
    return {
      target: 'connector-relay',
      reason: say(s.clients.length ? messages.relay : messages.unknownClients, {
        name: s.name, clients: plural(s.clients.length, 'client'), froms: plural(s.from.length, 'From address'),
        ips: tenant.staticIps.join(', '), mx: tenant.mxEndpoint ?? 'the tenant MX endpoint',
      }),
    };
  },
};
