import nodemailer from 'nodemailer';

const SMTP_URL = 'smtps://reports%40contoso.com:R365CANARY-nodemailer-url@smtp.live.com:465';
export const legacy = nodemailer.createTransport(SMTP_URL, { from: 'reports@contoso.com' });

export const hotmail = nodemailer.createTransport({
  service: 'hotmail',
  auth: { user: process.env.MAIL_USER, pass: process.env.MAIL_PASS },
});
