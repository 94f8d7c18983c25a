/* bc-batch-page.c: the selected batch, in the content pane
 *
 * The name and badge are bound in bc-batch-page.ui; the metric cards and
 * the status line follow the batch's notifications; the recipients are a
 * BcRecipientsView over the store's lazy list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bc-batch-page"

#include "config.h"

#include <glib/gi18n.h>

#include "bc-batch.h"
#include "bc-batch-page-private.h"
#include "bc-format.h"
#include "bc-schedule.h"
#include "bc-store.h"
#include "bc-store-handoff.h"

G_DEFINE_FINAL_TYPE (BcBatchPage, bc_batch_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BATCH,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
add_card (BcBatchPage  *self,
          const char   *caption,
          GtkLabel    **percent)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *number = gtk_label_new ("0");
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "metric");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_add_css_class (number, "title-2");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), number);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);
  if (percent != NULL)
    {
      GtkWidget *p = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (p), 0);
      gtk_label_set_ellipsize (GTK_LABEL (p), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (p, "caption");
      gtk_widget_add_css_class (p, "numeric");
      gtk_box_append (GTK_BOX (box), p);
      *percent = GTK_LABEL (p);
    }
  gtk_flow_box_append (self->cards_box, box);
  /* The cards are read, not picked: keep them out of the focus chain. */
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
  return GTK_LABEL (number);
}

static void
set_count (BcBatchPage *self,
           GtkLabel    *label,
           gint64       count)
{
  g_autofree char *text = bc_format_count (self, count);

  gtk_label_set_label (label, text);
}

/* Rounded; -1 when there is no base to take a share of. */
static int
percent (gint64 part,
         gint64 whole)
{
  return whole > 0 ? (int) (100.0 * part / whole + 0.5) : -1;
}

/* "62 % of sent": the base is named, because each metric has its own. */
static void
set_percent (GtkLabel *label,
             int       value,
             char     *text)
{
  gtk_label_set_label (label, value >= 0 ? text : "");
  g_free (text);
}

static void
update_metrics (BcBatchPage *self)
{
  gint64 c[BC_N_COUNTERS] = { 0 };
  g_autofree char *others = NULL;
  int p;

  for (guint i = 0; self->batch != NULL && i < BC_N_COUNTERS; i++)
    c[i] = bc_batch_get_counter (self->batch, i);

  set_count (self, self->total_label, c[BC_COUNTER_TOTAL]);
  set_count (self, self->sent_label, c[BC_COUNTER_SENT]);
  set_count (self, self->picked_up_label, c[BC_COUNTER_PICKED_UP]);
  set_count (self, self->successful_label, c[BC_COUNTER_SUCCESSFUL]);
  p = percent (c[BC_COUNTER_SENT], c[BC_COUNTER_TOTAL]);
  /* Translators: %d is a percentage */
  set_percent (self->sent_percent, p, g_strdup_printf (_("%d%% of all"), p));
  p = percent (c[BC_COUNTER_PICKED_UP], c[BC_COUNTER_SENT]);
  set_percent (self->picked_up_percent, p, g_strdup_printf (_("%d%% of sent"), p));
  p = percent (c[BC_COUNTER_SUCCESSFUL], c[BC_COUNTER_PICKED_UP]);
  set_percent (self->successful_percent, p, g_strdup_printf (_("%d%% of picked up"), p));

  {
    static const BcCounter shown[] = {
      BC_COUNTER_NO_ANSWER, BC_COUNTER_BUSY, BC_COUNTER_VOICEMAIL, BC_COUNTER_FAILED,
      BC_COUNTER_IN_PROGRESS, BC_COUNTER_PENDING, BC_COUNTER_NEEDS_REVIEW, BC_COUNTER_CANCELLED,
    };
    char *n[G_N_ELEMENTS (shown)];

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      n[i] = bc_format_count (self, c[shown[i]]);
    others = g_strdup_printf (_("No answer %s · Busy %s · Voicemail %s · Failed %s · "
                                "In progress %s · Pending %s · Needs review %s · Cancelled %s"),
                              n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      g_free (n[i]);
  }
  gtk_label_set_label (self->others_label, others);

  /* Calls whose fate is unknown wait for a person: say so first. */
  gtk_widget_set_visible (GTK_WIDGET (self->review_label), c[BC_COUNTER_NEEDS_REVIEW] > 0);
  if (c[BC_COUNTER_NEEDS_REVIEW] > 0)
    {
      g_autofree char *count = bc_format_count (self, c[BC_COUNTER_NEEDS_REVIEW]);
      g_autofree char *review =
        g_strdup_printf (ngettext ("%s recipient needs review: open it below to mark it as called or call it again.",
                                   "%s recipients need review: open each below to mark it as called or call it again.",
                                   (gulong) CLAMP (c[BC_COUNTER_NEEDS_REVIEW], 0, G_MAXLONG)),
                         count);
      gtk_label_set_label (self->review_label, review);
    }
}

/* When it starts, when the next window opens, or why it is paused. */
static void
update_status (BcBatchPage *self)
{
  g_autofree char *text = NULL;
  g_autoptr(BcSchedule) schedule = NULL;
  BcBatchState state;

  if (self->batch == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }

  state = bc_batch_get_state (self->batch);
  schedule = bc_schedule_new_for_batch (self->batch, NULL);
  switch (state)
    {
    case BC_BATCH_STATE_PLANNED:
      {
        g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (bc_batch_get_planned_at (self->batch) / G_USEC_PER_SEC);
        g_autofree char *when = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M") : NULL;

        text = g_strdup_printf (_("Starts on %s."), when != NULL ? when : "?");
      }
      break;
    case BC_BATCH_STATE_ONGOING:
      if (self->handed_off)
        text = g_strdup (_("Running on the platform: UponAI places the calls even when this app is "
                           "closed. The platform offers no way to pause or cancel it."));
      else if (schedule != NULL && !bc_schedule_is_open (schedule, g_get_real_time (), NULL))
        text = bc_schedule_describe_next_open (schedule, g_get_real_time ());
      else if (schedule != NULL)
        text = bc_schedule_describe (schedule);
      break;
    case BC_BATCH_STATE_PAUSED:
      /* Only following it stopped (a refused token): say so. */
      if (self->handed_off)
        /* Translators: %s is why following stopped */
        text = g_strdup_printf (_("Following paused; the platform keeps calling: %s"),
                                bc_batch_get_pause_reason (self->batch) != NULL
                                ? bc_batch_get_pause_reason (self->batch) : "");
      else if (bc_batch_get_pause_reason (self->batch) != NULL)
        text = g_strdup_printf (_("Paused: %s"), bc_batch_get_pause_reason (self->batch));
      break;
    case BC_BATCH_STATE_DRAFT:
      text = g_strdup (_("A Draft: edit it freely, then schedule it to start calling."));
      break;
    case BC_BATCH_STATE_CANCELLED:
    case BC_BATCH_STATE_SENT:
    default:
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
}

static void
read_handed_off (BcBatchPage *self)
{
  self->handed_off = self->batch != NULL && self->store != NULL &&
                     bc_store_is_handed_off (self->store, bc_batch_get_id (self->batch));
}

static void
on_batch_notify_cb (BcBatch     *batch,
                    GParamSpec  *pspec,
                    BcBatchPage *self)
{
  if (g_str_equal (pspec->name, "state"))
    read_handed_off (self);
  update_metrics (self);
  update_status (self);
  _bc_batch_page_update_actions (self);
}

static void
bc_batch_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_BATCH:
      g_value_set_object (value, self->batch);
      break;
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_BATCH:
      bc_batch_page_set_batch (self, g_value_get_object (value));
      break;
    case PROP_NARROW:
      bc_batch_page_set_narrow (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bc_batch_page_dispose (GObject *object)
{
  BcBatchPage *self = BC_BATCH_PAGE (object);

  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_func (self->batch, on_batch_notify_cb, self);
  /* The template's bindings watch self->batch: drop them first. */
  gtk_widget_dispose_template (GTK_WIDGET (self), BC_TYPE_BATCH_PAGE);
  g_clear_object (&self->batch);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bc_batch_page_parent_class)->dispose (object);
}

static void
bc_batch_page_class_init (BcBatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bc_batch_page_get_property;
  object_class->set_property = bc_batch_page_set_property;
  object_class->dispose = bc_batch_page_dispose;

  properties[PROP_BATCH] =
    g_param_spec_object ("batch", NULL, NULL, BC_TYPE_BATCH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BcBatchPage:narrow:
   *
   * Whether the page is laid out for a phone-narrow window: the action
   * buttons are stacked. The window binds it to its leaflet's folding.
   */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BC_TYPE_RECIPIENTS_VIEW);
  g_type_ensure (BC_TYPE_BATCH_CHARTS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/bc-batch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, review_label);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, others_label);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, recipients_view);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, charts);
  gtk_widget_class_bind_template_child (widget_class, BcBatchPage, export_button);
  bc_format_bind_template_callbacks (widget_class);
  _bc_batch_page_class_init_actions (widget_class);
}

static void
bc_batch_page_init (BcBatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->total_label = add_card (self, _("Recipients"), NULL);
  self->sent_label = add_card (self, C_("metric", "Sent"), &self->sent_percent);
  self->picked_up_label = add_card (self, C_("metric", "Picked Up"), &self->picked_up_percent);
  self->successful_label = add_card (self, C_("metric", "Successful"), &self->successful_percent);
  update_metrics (self);
  _bc_batch_page_update_actions (self);
}

GtkWidget *
bc_batch_page_new (void)
{
  return g_object_new (BC_TYPE_BATCH_PAGE, NULL);
}

BcBatch *
bc_batch_page_get_batch (BcBatchPage *self)
{
  g_return_val_if_fail (BC_IS_BATCH_PAGE (self), NULL);
  return self->batch;
}

void
bc_batch_page_set_store (BcBatchPage *self,
                         BcStore     *store)
{
  g_return_if_fail (BC_IS_BATCH_PAGE (self));
  g_set_object (&self->store, store);
  bc_batch_charts_set_store (self->charts, store);
}

void
bc_batch_page_set_batch (BcBatchPage *self,
                         BcBatch     *batch)
{
  g_return_if_fail (BC_IS_BATCH_PAGE (self));
  g_return_if_fail (batch == NULL || BC_IS_BATCH (batch));

  if (self->batch == batch)
    return;

  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_func (self->batch, on_batch_notify_cb, self);
  g_set_object (&self->batch, batch);
  if (batch != NULL)
    g_signal_connect_object (batch, "notify", G_CALLBACK (on_batch_notify_cb), self, 0);

  bc_recipients_view_set_batch (self->recipients_view, batch != NULL ? self->store : NULL,
                                batch != NULL ? bc_batch_get_id (batch) : NULL);
  bc_batch_charts_set_batch (self->charts, batch);
  read_handed_off (self);
  update_metrics (self);
  update_status (self);
  _bc_batch_page_update_actions (self);
  /* Bindings keep their last value when the batch goes: hide it all
   * rather than show a stale name. */
  gtk_widget_set_visible (adw_bin_get_child (ADW_BIN (self)), batch != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH]);
}

BcRecipientsView *
bc_batch_page_get_recipients_view (BcBatchPage *self)
{
  g_return_val_if_fail (BC_IS_BATCH_PAGE (self), NULL);
  return self->recipients_view;
}

void
bc_batch_page_set_narrow (BcBatchPage *self,
                          gboolean     narrow)
{
  g_return_if_fail (BC_IS_BATCH_PAGE (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->actions_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}
