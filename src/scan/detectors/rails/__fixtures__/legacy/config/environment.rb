# Be sure to restart your web server when you modify this file.

# Uncomment below to force Rails into production mode when
# you don't control web/app server and can't set it the proper way
# ENV['RAILS_ENV'] ||= 'production'

# Bootstrap the Rails environment, frameworks, and default configuration
require File.join(File.dirname(__FILE__), 'boot')

Rails::Initializer.run do |config|
  # Settings in config/environments/* take precedence those specified here

  # Use the database for sessions instead of the file system
  # config.action_controller.session_store = :active_record_store

	# SMTP server configuration
	config.action_mailer.server_settings = {
		:address => "smtp-mail.outlook.com",
		:port => 587,
		:domain => "contoso.com",
		:authentication => :login,
		:user_name => "legacy-app@outlook.com",
		:password => "R365CANARY-rails-legacy",
	}

  config.action_mailer.perform_deliveries = true
end
