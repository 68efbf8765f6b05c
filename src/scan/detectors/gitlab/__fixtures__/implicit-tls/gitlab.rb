external_url "https://git.contoso.com"
gitlab_rails['smtp_enable'] = true
gitlab_rails['smtp_address'] = "smtp.contoso.com"
gitlab_rails['smtp_port'] = 465
gitlab_rails['smtp_user_name'] = ENV['GITLAB_SMTP_USER']
gitlab_rails['smtp_password'] = File.read('/etc/gitlab/smtp_password').strip
gitlab_rails['smtp_authentication'] = "plain"
gitlab_rails['smtp_tls'] = true
gitlab_rails['smtp_enable_starttls_auto'] = false
gitlab_rails['gitlab_email_from'] = 'GitLab <git@contoso.com>'
