## GitLab configuration settings
##! This file is generated during initial installation and **is not** modified
##! during upgrades.

external_url 'https://gitlab.contoso.com'

################################################################################
## gitlab.yml configuration
################################################################################
gitlab_rails['time_zone'] = 'Europe/Berlin'

### GitLab email server settings
###! Docs: https://docs.gitlab.com/omnibus/settings/smtp.html
###! **Use smtp instead of sendmail/postfix.**

# gitlab_rails['smtp_address'] = "exch01.contoso.local"
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "smtp.office365.com"
gitlab_rails['smtp_port'] = 587
gitlab_rails['smtp_user_name'] = "gitlab@contoso.com"
gitlab_rails['smtp_password'] = "R365CANARY-gitlab-1"
gitlab_rails['smtp_domain'] = "contoso.com"
gitlab_rails['smtp_authentication'] = "login"
gitlab_rails['smtp_enable_starttls_auto'] = true
gitlab_rails['smtp_tls'] = false
gitlab_rails['smtp_pool'] = false
gitlab_rails['smtp_openssl_verify_mode'] = 'peer' # Can be: 'none', 'peer', 'client_once', 'fail_if_no_peer_cert'

### Email Settings
gitlab_rails['gitlab_email_enabled'] = true
gitlab_rails['gitlab_email_from'] = 'gitlab@contoso.com'
gitlab_rails['gitlab_email_display_name'] = 'Contoso GitLab'
gitlab_rails['gitlab_email_reply_to'] = 'noreply@contoso.com'

### Reply by email
gitlab_rails['incoming_email_enabled'] = true
gitlab_rails['incoming_email_address'] = "gitlab-incoming+%{key}@contoso.com"
gitlab_rails['incoming_email_email'] = "gitlab-incoming@contoso.com"
gitlab_rails['incoming_email_password'] = "R365CANARY-gitlab-imap"
gitlab_rails['incoming_email_host'] = "outlook.office365.com"
gitlab_rails['incoming_email_port'] = 993
gitlab_rails['incoming_email_ssl'] = true
