import { createApp } from './create-app';

createApp().app.synth();
