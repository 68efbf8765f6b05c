external_url 'http://gitlab.lab.contoso.local'
gitlab_rails['smtp_enable'] = false
gitlab_rails['smtp_address'] = "mailrelay.contoso.local"
gitlab_rails['smtp_port'] = 25
gitlab_rails['smtp_domain'] = "contoso.local"
gitlab_rails['smtp_enable_starttls_auto'] = false
