Rails.application.configure do
  config.cache_classes = false
  config.action_mailer.raise_delivery_errors = false
  config.action_mailer.perform_caching = false

  # MailCatcher on the developer's machine (gem install mailcatcher; mailcatcher)
  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = { address: "localhost", port: 1025 }
end
