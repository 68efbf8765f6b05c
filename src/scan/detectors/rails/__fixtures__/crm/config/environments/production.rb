Rails.application.configure do
  config.cache_classes = true
  config.eager_load = true

  config.action_mailer.perform_caching = false
  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = {
    address: ENV.fetch("SMTP_HOST", "mail.contoso.local"),
    port: ENV.fetch("SMTP_PORT", 465).to_i,
    user_name: ENV["SMTP_USERNAME"],
    password: ENV["SMTP_PASSWORD"],
    authentication: :plain,
    tls: true
  }
  config.action_mailer.default_url_options = { host: ENV["APP_HOST"], protocol: "https" }
end
