// Compiled, never run: the generated React types are precise. Each `@ts-expect-error` fails the
// type check if its line stops being an error, which is what would happen were a prop `any`.
import type { DetailedHTMLProps, HTMLAttributes, JSX } from 'react';
import type { RetentionKitTag } from 'retention-kit/react';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Props<Tag extends RetentionKitTag> = JSX.IntrinsicElements[Tag];
/** The kit's own props of a tag, without React's HTML attributes (some of which, like `inlist`, are `any`). */
type KitKeys<Tag extends RetentionKitTag> = Exclude<keyof Props<Tag>, keyof DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement>>;
/** `tag.prop` for every kit prop typed `any`, over every tag of the kit. */
type AnyProps = { [Tag in RetentionKitTag]: { [K in KitKeys<Tag>]-?: IsAny<Props<Tag>[K]> extends true ? `${Tag}.${K & string}` : never }[KitKeys<Tag>] }[RetentionKitTag];

export const noPropIsAny: [AnyProps] extends [never] ? true : AnyProps = true;
export const tagsAreListed: string extends RetentionKitTag ? false : true = true;
export const everyTagIsAnElement: [Exclude<RetentionKitTag, keyof JSX.IntrinsicElements>] extends [never] ? true : false = true;

export const misuse = (
  <>
    {/* @ts-expect-error a score is a number */}
    <health-gauge score="high" />
    {/* @ts-expect-error not one of the themes */}
    <kpi-summary theme="purple" />
    {/* @ts-expect-error `data` is a health response */}
    <health-gauge data={{ score: 72 }} />
    {/* @ts-expect-error a read-only getter is not a prop */}
    <at-risk-table state="ready" />
    {/* @ts-expect-error not an attribute of the element */}
    <churn-chart month={12} />
    <health-gauge
      onrk-toggle={(event) => {
        const open: boolean = event.open;
        // @ts-expect-error the toggle event carries no customer
        return [open, event.customerId];
      }}
    />
    <intervention-queue onrk-intervention-change={(event) => event.intervention?.id.toUpperCase()} />
    <churn-alerts onrk-alert-dismiss={(event) => event.alerts.length} />
  </>
);
