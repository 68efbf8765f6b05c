ActionMailer::Base.smtp_settings = {
  address: "smtp.contoso.com",
  port: 587,
  password: "R365CANARY-rails-broken",
  user_name: ENV.fetch(
