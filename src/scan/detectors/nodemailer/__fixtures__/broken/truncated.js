const nodemailer = require('nodemailer');
const t = nodemailer.createTransport({
  host: 'smtp.office365.com',
  auth: { user: 'a@contoso.com', pass: 'R365CANARY-nodemailer-broken'
