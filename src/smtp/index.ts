// The step-by-step SMTP client shared by probe and verify. A verify check reads, for example:
//   const s = new SmtpSession({ host: 'smtp.office365.com', port: 587, timeoutMs, tls: { ca } });
//   await s.connect(); await s.greeting(); await s.ehlo(); await s.starttls(); await s.ehlo();
//   await s.auth({ mechanism: 'XOAUTH2', user, accessToken }); await s.mailFrom(from); await s.rcptTo(to);
//   if (send) await s.data(message); await s.quit();
// Each step throws an SmtpError { kind, step, diagnosis, hint, transient, reply, code }; s.steps holds
// { step, ms, ok, reply, code } per step and s.transcript.lines the dialogue, secrets replaced by '***'.
export { SmtpSession, dotStuff, type SessionState } from './session.js';
export { SmtpError, isSmtpError } from './errors.js';
export { diagnoseReply, diagnoseFailure, type Diagnosis } from './diagnose.js';
export { formatReply, replyCode, parseEhlo } from './reply.js';
export { xoauth2Payload, plainPayload } from './sasl.js';
export type * from './types.js';
