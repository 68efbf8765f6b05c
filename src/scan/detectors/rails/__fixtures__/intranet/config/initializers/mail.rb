# Outgoing mail goes through the Exchange relay in the server room (no auth, IP-allowed).
ActionMailer::Base.delivery_method = :smtp
ActionMailer::Base.smtp_settings = {
  :address              => "10.1.2.25",
  :port                 => 25,
  :domain               => "intranet.contoso.local",
  :enable_starttls_auto => false,
  :openssl_verify_mode  => 'none'
}

# Before the relay we used the Hotmail account of the team:
# ActionMailer::Base.smtp_settings = {
#   :address        => "smtp.live.com",
#   :port           => 587,
#   :user_name      => "contoso-intranet@hotmail.com",
#   :password       => "R365CANARY-rails-hotmail",
#   :authentication => :login
# }
