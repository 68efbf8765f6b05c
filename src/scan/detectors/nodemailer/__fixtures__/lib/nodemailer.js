'use strict';

const Mailer = require('./mailer');
const shared = require('./shared');
const SMTPTransport = require('./smtp-transport');
const wellKnown = require('./well-known');

module.exports.createTransport = function (transporter, defaults) {
    let urlConfig;
    let options;
    let mailer;
    if (typeof transporter === 'object' && typeof transporter.sendMail !== 'function') {
        options = transporter;
    }
    transporter = new SMTPTransport({ host: 'localhost', port: 25, auth: { user: 'x', pass: 'R365CANARY-not-a-site-secret' } });
    mailer = new Mailer(transporter, options, defaults);
    return mailer;
};
