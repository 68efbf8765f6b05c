user_pref("mail.smtpserver.smtp1.hostname", "relay.contoso.local"
user_pref("mail.smtpserver.smtp2.hostname", 42);
user_pref("mail.smtpserver.smtp3.hostname", "unterminated);
user_pref("mail.smtpserver.smtp4.hostname", "smtp.contoso.com");
user_pref("mail.smtpserver.smtp4.try_ssl", 9);
user_pref("mail.smtpserver.smtp4.password", "R365CANARY-tb-2");
user_pref("mail.smtpserver.smtp4.username", "x");
