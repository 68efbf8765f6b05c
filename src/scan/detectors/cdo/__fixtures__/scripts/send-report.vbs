' Nightly disk report, mailed through Office 365
Option Explicit
Dim objMessage, schema
Const cdoSendUsingPort = 2
Const cdoBasic = 1
schema = "http://schemas.microsoft.com/cdo/configuration/"

Set objMessage = CreateObject("CDO.Message")
objMessage.Subject = "Disk report " & Date
objMessage.From = "reports@contoso.com"
objMessage.To = "ops@contoso.com"
objMessage.TextBody = "See the attached report."
objMessage.AddAttachment "C:\Reports\disk.csv"

objMessage.Configuration.Fields.Item(schema & "sendusing") = cdoSendUsingPort
objMessage.Configuration.Fields.Item(schema & "smtpserver") = "smtp.office365.com"
objMessage.Configuration.Fields.Item(schema & "smtpserverport") = 587
objMessage.Configuration.Fields.Item(schema & "smtpusessl") = True
objMessage.Configuration.Fields.Item(schema & "smtpauthenticate") = cdoBasic
objMessage.Configuration.Fields.Item(schema & "sendusername") = "reports@contoso.com"
objMessage.Configuration.Fields.Item(schema & "sendpassword") = "R365CANARY-cdo-vbs"
objMessage.Configuration.Fields.Item(schema & "smtpconnectiontimeout") = 60
objMessage.Configuration.Fields.Update
'objMessage.Configuration.Fields.Item(schema & "smtpserver") = "mail.contoso.local"

objMessage.Send
