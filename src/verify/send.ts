// The test message, and sending it once per path: SMTP through nodemailer's transport (authenticated as the
// session was: XOAUTH2 with the MSAL token, or the password from the environment), Graph through sendMail.
import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport/index.js';
import { diagnoseGraphError, sendMail, TEST_ID_HEADER } from '../m365/graph.js';
import { outcomeOfError } from './checks/errors.js';
import { failed, pass, type CheckOutcome } from './checks/types.js';
import type { ItemContext } from './context.js';
import { connectionOptions, DialogueLog, outcomeOfNodemailerError } from './nodemailer.js';
import { describePath } from './path.js';
import type { SendDetail, SendState } from './sends.js';

export interface TestMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export function testMessage(ctx: ItemContext): TestMessage {
  const { path, item, testId } = ctx;
  return {
    from: path.from!, to: path.recipient!,
    subject: `relay365 test message for ${item.name} [${testId.slice(0, 8)}]`,
    text: [
      'This is a test message from relay365 verify: it proves a new mail path to Microsoft 365 works before cutover.',
      'No action is needed, and it can be deleted.', '',
      `Plan item: ${item.name} (${item.id})`, `Path: ${describePath(path)}`, `Test-Id: ${testId}`, `Sent: ${new Date().toISOString()}`,
    ].join('\n'),
    headers: { [TEST_ID_HEADER]: testId, 'Auto-Submitted': 'auto-generated' },
  };
}

interface Attempt { state: SendState; outcome: CheckOutcome }

/** DATA through nodemailer's SMTP transport: a second, independent client proving the path end to end. */
async function sendOverSmtp(ctx: ItemContext): Promise<Attempt> {
  const { path, run } = ctx;
  const log = new DialogueLog((t) => run.redactor.scrub(t));
  let auth: SMTPTransportOptions['auth'];
  if (path.auth === 'xoauth2') auth = { type: 'OAuth2', user: path.username!, accessToken: ctx.token!.accessToken };
  else if (path.auth === 'password') auth = { user: path.username!, pass: run.env[path.passwordEnv!] ?? '' };
  const transport = nodemailer.createTransport({ ...connectionOptions(ctx, log), auth, disableFileAccess: true, disableUrlAccess: true });
  const message = testMessage(ctx);
  try {
    const info = await transport.sendMail({ ...message, envelope: { from: message.from, to: [message.to] } });
    return { state: 'sent', outcome: pass(run.redactor.scrub(String(info.response ?? '250')), { code: /^\d{3}(?: \d\.\d{1,3}\.\d{1,3})?/.exec(String(info.response))?.[0] ?? '250' }) };
  } catch (error) {
    const outcome = outcomeOfNodemailerError(error, (t) => run.redactor.scrub(t));
    if (!('responseCode' in (error as object)) && log.dataBegun) return { state: 'unknown', outcome: unknownOutcome(outcome) };
    return { state: 'refused', outcome };
  } finally {
    transport.close();
  }
}

/** POST /users/{mailbox}/sendMail, not saved to Sent Items, the test id as a header. */
async function sendOverGraph(ctx: ItemContext): Promise<Attempt> {
  const { path, run } = ctx;
  const client = await run.graph();
  const message = testMessage(ctx);
  const sendAs = path.from && path.from.toLowerCase() !== path.mailbox!.toLowerCase() ? path.from : undefined;
  try {
    await run.graphSlots.use(path.mailbox!.toLowerCase(), () => sendMail(client, path.mailbox!, { to: [message.to], subject: message.subject, text: message.text, from: sendAs }, ctx.testId));
    return { state: 'sent', outcome: pass(`202 Accepted: sendMail for ${path.mailbox} to ${message.to}`, { code: 'graph 202' }) };
  } catch (error) {
    const outcome = outcomeOfError(error, (t) => run.redactor.scrub(t));
    const reason = (error as { message?: string }).message ?? '';
    // no HTTP status: the request may have reached Graph (unless the connection was never made)
    if (diagnoseGraphError(error).status === 0 && !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|certificate|self[- ]signed/i.test(reason)) return { state: 'unknown', outcome: unknownOutcome(outcome) };
    return { state: 'refused', outcome };
  }
}

function unknownOutcome(outcome: CheckOutcome): CheckOutcome {
  return {
    ...outcome, transient: false,
    diagnosis: `the connection broke after the message was handed over (${outcome.diagnosis ?? outcome.code}): it may have been delivered, so it is not sent again`,
    hint: 'look for the Test-Id in the recipient mailbox (--confirm), then run verify again',
  };
}

function detailOf(outcome: CheckOutcome): SendDetail {
  return { status: outcome.status, reply: outcome.reply ?? null, code: outcome.code ?? null, diagnosis: outcome.diagnosis ?? null, hint: outcome.hint ?? null };
}

/** Send the test message unless this path already has one in this run; never twice, whatever happens. */
export async function sendOnce(ctx: ItemContext): Promise<CheckOutcome> {
  const { path, run, item } = ctx;
  const claim = run.sends.claim(path.key, item.id, ctx.testId);
  if (!claim.mine) {
    const record = await claim.done;
    if (record.state !== 'refused') ctx.sent = { at: record.at ?? Date.now(), testId: record.testId };
    const shared = `the same path as item ${record.owner}: ${record.state === 'refused' ? 'its message was refused' : `its message (Test-Id ${record.testId}) stands for this one`}; not sent again`;
    return { ...record.detail, reply: [record.detail.reply, shared].filter(Boolean).join(' — ') };
  }
  const rateKey = path.limitKey ?? `from:${path.from ?? ''}`;
  if (!(await run.rate.take(rateKey, ctx.deadline))) {
    const outcome = failed(`${run.options.messagesPerMinute ?? 30} test messages a minute for ${path.username ?? path.mailbox ?? path.from} are used up until after this item's deadline`, 'verify fewer paths per mailbox at once, or allow a longer --deadline', { code: 'rate-limit' });
    run.sends.record(path.key, 'refused', null, detailOf(outcome));
    return outcome;
  }
  const at = Date.now(); // latency counts from the hand-over, as the sender would see it
  const attempt = path.kind === 'graph' ? await sendOverGraph(ctx) : await sendOverSmtp(ctx);
  if (attempt.state !== 'refused') ctx.sent = { at, testId: ctx.testId };
  run.sends.record(path.key, attempt.state, attempt.state === 'refused' ? null : at, detailOf(attempt.outcome), attempt.state === 'refused' && Boolean(attempt.outcome.transient));
  return attempt.outcome;
}
