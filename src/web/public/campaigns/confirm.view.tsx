import type { VNode } from 'preact';
import { CONFIRMATION_DAYS } from '../../../domain/campaigns/action.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import type { ConfirmationPurpose } from '../../../services/campaigns/confirm-action.js';
import type { LetterPreview } from '../../../services/campaigns/letter-preview.js';
import { previewHeading } from './action-forms.view.js';
import { campaignPath } from './campaign-parts.view.js';

/** Which page follows a submission (Post/Redirect/Get): "check your email" or "counted". */
export const THANKS_PAGES = ['email', 'counted'] as const;
export type ThanksPage = (typeof THANKS_PAGES)[number];

function BackLink(props: { campaign: Campaign }): VNode {
  return (
    <p>
      <a href={campaignPath(props.campaign.slug)}>Back to “{props.campaign.title}”</a>
    </p>
  );
}

/**
 * The page after a submission. It says the same whoever submitted, and whether or not
 * their address had acted before, was held or was a robot's: nothing here tells anyone
 * whether an address is known.
 */
export function ThanksView(props: { campaign: Campaign; page: ThanksPage }): VNode {
  const { campaign } = props;
  if (props.page === 'counted') {
    return (
      <section class="article thanks">
        <h1>Thank you</h1>
        <p>Your action is recorded and shows in the counter shortly.</p>
        <p>If you asked us to keep you informed, we have emailed you a link to confirm your address.</p>
        <BackLink campaign={campaign} />
      </section>
    );
  }
  const what = campaign.kind === 'petition' ? 'your signature counts' : 'your letter goes to the officials';
  return (
    <section class="article thanks">
      <h1>Check your email</h1>
      <p>We have sent a link to the address you gave. Open it and press the button on the page: then {what}.</p>
      <p>The link works for {CONFIRMATION_DAYS} days. No email after a few minutes? Look in your spam or junk folder.</p>
      <BackLink campaign={campaign} />
    </section>
  );
}

const BUTTONS: Readonly<Record<ConfirmationPurpose, { heading: string; button: string }>> = {
  letter: { heading: 'Confirm your letter', button: 'Confirm and send my letter' },
  signature: { heading: 'Confirm your signature', button: 'Confirm my signature' },
  consent: { heading: 'Confirm your email address', button: 'Confirm my address' },
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
  const text = BUTTONS[props.purpose];
  return (
    <section class="article confirm">
      <h1>{text.heading}</h1>
      <p>Campaign: “{props.campaign.title}”.</p>
      <form method="post" action={props.action}>
        <button type="submit">{text.button}</button>
      </form>
      {props.letters && props.letters.length > 0 ? (
        <section class="letter-preview" aria-labelledby="confirm-letters">
          <h2 id="confirm-letters">What the officials will receive</h2>
          {props.letters.map((l) => (
            <>
              <h3>{previewHeading(l)}</h3>
              <pre class="letter">{l.text}</pre>
            </>
          ))}
        </section>
      ) : null}
    </section>
  );
}

const DONE: Readonly<Record<ConfirmationPurpose, string>> = {
  letter: 'Your letter is on its way: Placard delivers it to each official over their office hours.',
  signature: 'Your signature counts.',
  consent: 'Your address is confirmed: we will email you as you asked.',
};

/** The page after pressing the button, or after pressing it again. */
export function ConfirmedView(props: { campaign: Campaign; purpose: ConfirmationPurpose; already: boolean }): VNode {
  return (
    <section class="article confirm">
      <h1>{props.already ? 'Already confirmed' : 'Thank you'}</h1>
      <p>{props.already ? 'This was confirmed before: there is nothing more to do, and nothing was sent twice.' : DONE[props.purpose]}</p>
      <BackLink campaign={props.campaign} />
    </section>
  );
}

/** A confirmation for a campaign that closed in the meantime. */
export function ClosedConfirmView(props: { campaign: Campaign }): VNode {
  return (
    <section class="article confirm">
      <h1>This campaign has closed</h1>
      <p>It closed before you confirmed, so your letter was not sent. Thank you for wanting to help.</p>
      <BackLink campaign={props.campaign} />
    </section>
  );
}

/** An unknown, used-up or expired link. */
export function UnknownLinkView(): VNode {
  return (
    <section class="article confirm">
      <h1>This confirmation link does not work</h1>
      <p>
        Links work for {CONFIRMATION_DAYS} days, and only the newest email’s link works if we sent you more than one. The link may also have been cut short when
        it was copied.
      </p>
      <p>You can act again from the campaign’s page: we will send you a new link.</p>
    </section>
  );
}
