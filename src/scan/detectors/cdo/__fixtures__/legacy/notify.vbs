' Written for the old NT4 box; still scheduled on FS02.
Dim objMail
Set objMail = CreateObject("CDONTS.NewMail")
objMail.From = "fs02@contoso.com"
objMail.To = "ops@contoso.com"
objMail.Subject = "FS02 share almost full"
objMail.Body = "Check D:\Shares"
objMail.Send
Set objMail = Nothing
