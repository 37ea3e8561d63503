/** The confirmation step before any change: a modal dialog with the question and what will be sent. */
export function confirmWith(dialog: HTMLDialogElement) {
  return (question: string, detail = ''): Promise<boolean> => {
    dialog.querySelector('.confirm-question')!.textContent = question;
    const pre = dialog.querySelector<HTMLElement>('.confirm-detail')!;
    pre.textContent = detail;
    pre.hidden = !detail;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  };
}
