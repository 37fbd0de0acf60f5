import type { VNode } from 'preact';
import { CONFIRMATION_DAYS } from '../../../domain/campaigns/action.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import type { ConfirmationPurpose } from '../../../services/campaigns/confirm-action.js';
import type { LetterPreview } from '../../../services/campaigns/letter-preview.js';
import { useMessages } from '../../views/messages-context.js';
import { previewHeading } from './action-forms.view.js';
import { campaignPath } from './campaign-parts.view.js';

/** Which page follows a submission (Post/Redirect/Get): "check your email" or "counted". */
export const THANKS_PAGES = ['email', 'counted'] as const;
export type ThanksPage = (typeof THANKS_PAGES)[number];

function BackLink(props: { campaign: Campaign; href?: string | undefined }): VNode {
  const m = useMessages();
  return (
    <p>
      <a href={props.href ?? campaignPath(props.campaign.slug)}>{m.t('public.thanks.back', { title: props.campaign.title })}</a>
    </p>
  );
}

/**
 * The page after a submission. It says the same whoever submitted, and whether or not
 * their address had acted before, was held or was a robot's: nothing here tells anyone
 * whether an address is known.
 */
export function ThanksView(props: { campaign: Campaign; page: ThanksPage; backTo?: string }): VNode {
  const m = useMessages();
  const { campaign } = props;
  if (props.page === 'counted') {
    return (
      <section class="article thanks">
        <h1>{m.t('public.thanks.thankYou')}</h1>
        <p>{m.t('public.thanks.recorded')}</p>
        <p>{m.t('public.thanks.ifInformed')}</p>
        <BackLink campaign={campaign} href={props.backTo} />
      </section>
    );
  }
  return (
    <section class="article thanks">
      <h1>{m.t('public.thanks.checkEmail')}</h1>
      <p>{campaign.kind === 'petition' ? m.t('public.thanks.sentLinkSignature') : m.t('public.thanks.sentLinkLetter')}</p>
      <p>{m.t('public.thanks.linkWorks', { days: CONFIRMATION_DAYS })}</p>
      <BackLink campaign={campaign} href={props.backTo} />
    </section>
  );
}

const BUTTONS: Readonly<Record<ConfirmationPurpose, { heading: string; button: string }>> = {
  letter: { heading: 'public.confirm.letterHeading', button: 'public.confirm.letterButton' },
  signature: { heading: 'public.confirm.signatureHeading', button: 'public.confirm.signatureButton' },
  consent: { heading: 'public.confirm.consentHeading', button: 'public.confirm.consentButton' },
};

/**
 * GET /confirm/:token: a button that confirms with a POST (a mail scanner's GET changes
 * nothing) and, for a letter, what each official will receive when it is pressed.
 */
export function ConfirmView(props: {
  campaign: Campaign;
  purpose: ConfirmationPurpose;
  action: string;
  letters?: readonly LetterPreview[] | undefined;
}): VNode {
  const m = useMessages();
  const text = BUTTONS[props.purpose];
  return (
    <section class="article confirm">
      <h1>{m.t(text.heading)}</h1>
      <p>{m.t('public.confirm.campaign', { title: props.campaign.title })}</p>
      <form method="post" action={props.action}>
        <button type="submit">{m.t(text.button)}</button>
      </form>
      {props.letters && props.letters.length > 0 ? (
        <section class="letter-preview" aria-labelledby="confirm-letters">
          <h2 id="confirm-letters">{m.t('public.preview.heading')}</h2>
          {props.letters.map((l) => (
            <>
              <h3>{previewHeading(m, l)}</h3>
              <pre class="letter">{l.text}</pre>
            </>
          ))}
        </section>
      ) : null}
    </section>
  );
}

const DONE: Readonly<Record<ConfirmationPurpose, string>> = {
  letter: 'public.confirm.letterDone',
  signature: 'public.confirm.signatureDone',
  consent: 'public.confirm.consentDone',
};

/** The page after pressing the button, or after pressing it again. */
export function ConfirmedView(props: { campaign: Campaign; purpose: ConfirmationPurpose; already: boolean }): VNode {
  const m = useMessages();
  return (
    <section class="article confirm">
      <h1>{props.already ? m.t('public.confirm.titleAlready') : m.t('public.thanks.thankYou')}</h1>
      <p>{props.already ? m.t('public.confirm.alreadyText') : m.t(DONE[props.purpose])}</p>
      <BackLink campaign={props.campaign} />
    </section>
  );
}

/** A confirmation for a campaign that closed in the meantime. */
export function ClosedConfirmView(props: { campaign: Campaign }): VNode {
  const m = useMessages();
  return (
    <section class="article confirm">
      <h1>{m.t('public.confirm.closedHeading')}</h1>
      <p>{m.t('public.confirm.closedText')}</p>
      <BackLink campaign={props.campaign} />
    </section>
  );
}

/** An unknown, used-up or expired link. */
export function UnknownLinkView(): VNode {
  const m = useMessages();
  return (
    <section class="article confirm">
      <h1>{m.t('public.confirm.unknownHeading')}</h1>
      <p>{m.t('public.confirm.unknownText', { days: CONFIRMATION_DAYS })}</p>
      <p>{m.t('public.confirm.unknownAgain')}</p>
    </section>
  );
}
