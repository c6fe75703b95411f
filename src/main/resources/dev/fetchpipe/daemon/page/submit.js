// The form that submits a job: a URL list (sent as {"job": {"urls": [...], "output-dir": ...}}) or config text sent
// as it is. A refusal shows the API's "error" line as it is: the same words `run` prints.

import { api } from './api.js';

export class SubmitForm {
  constructor(form, onCreated) {
    this.form = form;
    this.error = form.querySelector('#submit-error');
    this.onCreated = onCreated;
    form.addEventListener('change', () => this.showKind());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.showKind();
  }

  get kind() {
    return this.form.elements.kind.value;
  }

  showKind() {
    const urls = this.kind === 'urls';
    this.form.querySelector('.output').hidden = !urls;
    this.form.elements.text.placeholder = urls
      ? 'one URL a line; blank lines and lines starting with # are left out'
      : 'job.url-file = "/abs/urls.txt"\njob.output-dir = "/abs/out"\nfetch.max-in-flight = 20';
  }

  body() {
    const text = this.form.elements.text.value;
    if (this.kind === 'config') return text;
    const urls = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    return JSON.stringify({ job: { urls, 'output-dir': this.form.elements.outputDir.value.trim() } });
  }

  async submit() {
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const created = await api.submit(this.body());
      this.error.hidden = true;
      this.error.textContent = '';
      this.onCreated(created.id);
    } catch (e) {
      this.error.textContent = e.message;
      this.error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }
}
