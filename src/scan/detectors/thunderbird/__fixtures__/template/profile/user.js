user_pref("mail.smtpserver.smtp1.hostname", "");
user_pref("mail.smtpserver.smtp2.hostname", "your-smtp-server");
