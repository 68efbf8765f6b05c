-- Database Mail for SQL01: alerts for failed jobs go through Exchange Online.
-- Run in SQLCMD mode.
USE msdb;
GO

EXEC sp_configure 'show advanced options', 1;
RECONFIGURE;
EXEC sp_configure 'Database Mail XPs', 1;
RECONFIGURE;
GO

DECLARE @profile_name sysname = N'DBA Alerts';
DECLARE @smtp nvarchar(128) = N'smtp.office365.com';

EXECUTE msdb.dbo.sysmail_add_account_sp
    @account_name = N'DBA Alerts (Exchange Online)',
    @description = N'Mail account for SQL Agent alerts.',
    @email_address = N'sql01-alerts@contoso.com',
    @replyto_address = N'dba@contoso.com',
    @display_name = N'SQL01 Alerts',
    @mailserver_name = @smtp,
    @port = 587,
    @enable_ssl = 1,
    @username = N'sql01-alerts@contoso.com',
    @password = N'R365CANARY-dbmail-o365';

EXECUTE msdb.dbo.sysmail_add_profile_sp
    @profile_name = @profile_name,
    @description = N'Profile used for administrative mail.';

EXECUTE msdb.dbo.sysmail_add_profileaccount_sp
    @profile_name = @profile_name,
    @account_name = N'DBA Alerts (Exchange Online)',
    @sequence_number = 1;
GO

-- Fallback account through the internal relay, signed in as the SQL Server service account.
EXEC msdb.dbo.sysmail_add_account_sp @account_name = 'Internal relay', @email_address = 'sql01@contoso.com',
     @mailserver_name = 'relay01.contoso.local', @use_default_credentials = 1
GO

/*
EXEC msdb.dbo.sysmail_add_account_sp
    @account_name = N'Old Gmail',
    @email_address = N'contoso.sql@gmail.com',
    @mailserver_name = N'smtp.gmail.com',
    @port = 465,
    @enable_ssl = 1,
    @username = N'contoso.sql@gmail.com',
    @password = N'R365CANARY-dbmail-gmail';
*/

EXEC msdb.dbo.sysmail_update_account_sp
    @account_id = 3,
    @account_name = N'Reports',
    @email_address = N'reports@contoso.com',
    @display_name = N'Reports',
    @replyto_address = NULL,
    @description = NULL,
    @mailserver_name = N'$(SmtpServer)',
    @mailserver_type = N'SMTP',
    @port = 25,
    @username = NULL,
    @password = NULL,
    @use_default_credentials = 0,
    @enable_ssl = 0;
EXEC msdb.dbo.sysmail_update_account_sp @account_name = N'Reports2', @mailserver_name = $(SmtpServer), @port = 2525;
GO
