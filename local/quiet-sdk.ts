// The emulator's own AWS SDK clients run on this machine's Node, which may be 20: its
// support notice is about the local runtime, not about the deployed functions (Node 22).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
