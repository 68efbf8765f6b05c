'use strict';
const nodemailer = require('nodemailer');

// Exchange Online, the settings Microsoft's printer guide gives
const transporter = nodemailer.createTransport({
  host: 'smtp.office365.com',
  port: 587,
  secure: false, // STARTTLS
  requireTLS: true,
  auth: {
    user: 'notifier@contoso.com',
    pass: 'R365CANARY-nodemailer-1',
  },
  tls: { ciphers: 'SSLv3' },
});

// const old = nodemailer.createTransport({ host: 'relay01.contoso.local', port: 25 });

async function notify(to, text) {
  await transporter.sendMail({ from: '"Notifier" <notifier@contoso.com>', to, subject: 'Notice', text });
}

module.exports = { notify };
