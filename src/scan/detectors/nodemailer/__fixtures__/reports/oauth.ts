import * as nodemailer from 'nodemailer';

const host = process.env.SMTP_HOST || 'smtp.office365.com';

export const oauthTransport = nodemailer.createTransport({
  host,
  port: Number(process.env.SMTP_PORT),
  secure: false,
  auth: {
    type: 'OAuth2',
    user: 'reports@contoso.com',
    clientId: '00000000-0000-0000-0000-000000000000',
    clientSecret: 'R365CANARY-nodemailer-oauth',
    refreshToken: process.env.REFRESH_TOKEN,
  },
});
