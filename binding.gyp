{
  "targets": [
    {
      "target_name": "walk",
      "sources": ["native/walk.c", "native/postfix-scan.c", "native/postfix-reader.c"],
      "cflags": ["-O3", "-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS=='win'", { "type": "none" }]]
    }
  ]
}
