Rails.application.configure do
  config.eager_load = true
  # Postfix on the host relays for us.
  config.action_mailer.delivery_method = :sendmail
  config.action_mailer.sendmail_settings = { location: "/usr/sbin/sendmail", arguments: %w[-i] }
  config.action_mailer.default_options = { from: "noreply@contoso.com" }
end
