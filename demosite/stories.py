"""Hand-written stories of the demo site (articles 1-6 and edition 3's new one) and the edits."""

from __future__ import annotations

from demosite import filler

SLUG_1 = "president-sheinbaum-rejects-trumps-proposal-to-send-u-s-troops-into-mexico"
SLUG_2 = "eu-ministers-back-emergency-fund-for-black-sea-grain-shipments"
SLUG_3 = "central-bank-holds-rates-steady-as-inflation-cools"
SLUG_4 = "floods-displace-thousands-in-southern-brazil"
SLUG_5 = "regional-airline-orders-40-jets-in-fleet-overhaul"
SLUG_6 = "port-strike-ends-after-tentative-deal-on-automation"
NEW_SLUG = "wildfire-smoke-closes-schools-across-northern-mexico"

PROMO_1 = ("Keep up with the historic administration of Mexico's first female president with us "
           "on Que Onda Magazine.")

HEADLINE_2_EDITED = "EU Ministers Approve 2 Billion Euro Fund to Keep Black Sea Grain Moving"
SENTENCE_3 = ("Governor Elena Marquez said the committee saw no reason to rush a cut while wages "
              "were still rising faster than prices.")
SENTENCE_3_EDITED = ("Governor Elena Marquez said the committee was prepared to cut rates as soon "
                     "as the next meeting if wage growth continued to slow.")
SENTENCE_3_B = "Markets had priced in a roughly one-in-three chance of a cut before the meeting."
SENTENCE_3_B_STEALTH = "Markets had priced in a roughly one-in-five chance of a cut before the meeting."
CORRECTION_4 = ("Correction: An earlier version of this article said that 12,000 people had been "
                "displaced in Rio Grande do Sul. State officials put the figure at 21,000.")
MODIFIED_E2 = "2025-05-05T16:20:00-06:00"
MODIFIED_E4 = "2025-05-06T08:05:00-06:00"
MOVED_PATH_5 = "/business/aviation/regional-airline-orders-40-jets-in-fleet-overhaul.html"

_SEED_BODY = (
    "## Tense Phone Call Sparks Debate Over U.S.-Mexico Military Cooperation",
    "President Claudia Sheinbaum of Mexico revealed on Saturday that President Donald Trump "
    "proposed sending American troops into Mexico to assist in the fight against drug "
    "trafficking. Speaking to supporters in eastern Mexico, Sheinbaum firmly stated that she "
    "rejected the idea.",
    "According to Sheinbaum, the proposal came during a tense phone call last month. The "
    "conversation, reported by The Wall Street Journal, allegedly involved Trump pressuring her "
    "administration to accept greater U.S. military involvement in operations against Mexican "
    "drug cartels.",
    "## A Firm Rejection in Defense of National Sovereignty",
    "\"He said, 'How can we help you fight drug trafficking? I propose that the United States "
    "military come in and help you.' And you know what I said to him? 'No, President Trump,'\" "
    "Sheinbaum told the crowd.",
    "She doubled down on her position, adding: \"Sovereignty is not for sale. Sovereignty is "
    "loved and defended.\"",
    "## No Immediate Response from the White House",
    "The White House did not immediately issue a response to Sheinbaum's public remarks. Her "
    "comments, however, are likely to add fuel to ongoing debates about U.S. involvement in "
    "foreign drug enforcement, especially in Latin America.",
    "## Escalating U.S. Military Presence at the Southern Border",
    "In recent months, the U.S. military has significantly increased its presence along the "
    "southern border. Following Trump's January order, the U.S. Northern Command deployed more "
    "troops and equipment, ramped up surveillance operations to track fentanyl trafficking, and "
    "sought expanded permissions for U.S. Special Forces to cooperate with Mexican units.",
    "Trump further escalated the issue on February 19 by officially designating many drug "
    "cartels operating across the border as foreign terrorist organizations, giving U.S. "
    "authorities additional tools to restrict their movements and crack down on their "
    "operations.",
    "## A Collision Course Between Allies",
    "Despite a history of bilateral cooperation on trade and immigration, Sheinbaum's remarks "
    "signaled a sharp divergence from Trump's approach to cross-border security. Her refusal to "
    "allow U.S. military forces into Mexican territory highlights a broader effort to assert "
    "national independence in matters of internal security.",
    "\"We can work together, but you in your territory and us in ours,\" Sheinbaum stated.",
    "The crowd erupted in applause when she delivered her final, resolute declaration: \"We will "
    "never accept the presence of the United States military in our territory.\"",
    PROMO_1,
)

SEED_TITLE = "President Sheinbaum Rejects Trump's Proposal to Send U.S. Troops into Mexico"
SEED_COMMENTS = 0
SEED_VIEWS = 54


def _seed() -> dict[str, object]:
    return dict(slug=SLUG_1, section="world", title=SEED_TITLE, template="wordpress",
                authors=["Redaccion Que Onda"], published="2025-05-03T18:40:00-06:00",
                tags=["Mexico", "Claudia Sheinbaum", "Donald Trump", "Security"],
                body=_SEED_BODY, comments=SEED_COMMENTS, views=SEED_VIEWS)


def _grain() -> dict[str, object]:
    body = (
        "European Union agriculture ministers on Monday backed an emergency fund to keep grain "
        "moving out of Black Sea ports, after insurers raised premiums for cargo ships for the "
        "third time this year and several traders warned that shipments could stall before the "
        "summer harvest.",
        "The fund, which still needs the formal approval of finance ministers next month, would "
        "cover part of the war-risk insurance on vessels carrying wheat, maize and sunflower oil, "
        "and pay for additional storage at Danube river terminals in Romania.",
        "## Pressure from importers",
        "Diplomats said the decision was driven less by European farmers than by importing "
        "countries in North Africa and the Middle East, which buy a large share of the region's "
        "wheat and have repeatedly asked Brussels for guarantees that supplies will not be "
        "interrupted.",
        "\"If the ships stop, bread prices rise in Cairo and Tunis within weeks,\" one official "
        "involved in the talks said, asking not to be named because the negotiations were "
        "private. \"Nobody here wants to explain that.\"",
        "Farm groups in Poland and Hungary, which have protested against cheap imports in the "
        "past, said they would accept the fund as long as the grain was shipped onward rather "
        "than sold inside the bloc. Ministers agreed to add monitoring at border crossings to "
        "address those concerns.",
        "## Insurance costs climb",
        "Shipping brokers in London said war-risk premiums for a voyage out of Odesa now run at "
        "around one percent of a vessel's value, roughly double the level of last autumn. For a "
        "mid-sized bulk carrier, that can add several hundred thousand dollars to a single trip.",
        "The commission estimates that the fund would cost about two billion euros over two "
        "years, drawn from unspent money in the common agricultural policy's crisis reserve.",
        "## What happens next",
        "Finance ministers are expected to discuss the proposal on June 10. If they agree, the "
        "first payments could reach insurers by the end of July, in time for the bulk of the "
        "wheat harvest, officials said.",
        "Critics in the European Parliament said the plan treated a symptom rather than the "
        "cause, and called for more investment in rail links that would allow grain to bypass "
        "the sea route altogether.",
    )
    return dict(slug=SLUG_2, section="world", template="magazine",
                title="EU Ministers Back Emergency Fund for Black Sea Grain Shipments",
                subtitle="Insurers have doubled war-risk premiums, and importers fear a summer "
                         "shortfall",
                authors=["Katrin Vogel", "Tomas Lindqvist"],
                published="2025-05-05T07:15:00+02:00",
                tags=["European Union", "Agriculture", "Shipping"], body=body,
                comments=12, views=1234)


def _rates() -> dict[str, object]:
    body = (
        "The central bank left its benchmark interest rate unchanged at 4.25 percent on "
        "Thursday, saying that inflation was cooling broadly as expected but that it wanted more "
        "evidence before lowering borrowing costs.",
        "Consumer prices rose 2.9 percent in the year to March, down from 3.4 percent in "
        "February and the slowest pace in almost three years. Services inflation, which the bank "
        "watches closely because it reflects domestic wages, eased to 4.1 percent.",
        "## A divided committee",
        "Seven of the nine members of the monetary policy committee voted to hold. Two voted for "
        "a quarter-point cut, arguing that the economy was weaker than the official figures "
        "suggested and that waiting risked a sharper slowdown later in the year.",
        SENTENCE_3,
        SENTENCE_3_B,
        "## Mortgage holders wait",
        "The decision means little immediate relief for households whose fixed-rate mortgages "
        "are coming to an end this year. Lenders said average two-year fixed rates had already "
        "fallen slightly in anticipation of cuts, but remained well above the levels that most "
        "borrowers locked in before 2022.",
        "Business groups were more critical. The chambers of commerce said small firms were "
        "struggling with higher financing costs and that \"every month of delay means more "
        "investment postponed.\"",
        "## The outlook",
        "In its quarterly forecast, the bank said it expected inflation to return to its two "
        "percent target by the middle of next year and growth to pick up modestly to 1.1 percent. "
        "It cut its forecast for unemployment slightly.",
        "Economists at several large banks said they now expected the first cut in August, "
        "followed by one or two more before the end of the year.",
        "The pound rose slightly against the dollar after the announcement, and yields on "
        "two-year government bonds, which are sensitive to expectations for interest rates, "
        "edged higher.",
    )
    return dict(slug=SLUG_3, section="business", template="wordpress",
                title="Central Bank Holds Rates Steady as Inflation Cools",
                authors=["Daniel Okafor"], published="2025-05-01T13:05:00+01:00",
                tags=["Interest rates", "Inflation", "Economy"], body=body,
                comments=31, views=5872)


def _floods() -> dict[str, object]:
    body = (
        "Heavy rain has forced about 12,000 people from their homes in the southern Brazilian "
        "state of Rio Grande do Sul, officials said on Sunday, as rivers burst their banks for "
        "the second time in a year and emergency crews struggled to reach isolated towns.",
        "The state civil defense agency said at least nine people had died and 14 were missing. "
        "More than 60 municipalities declared a state of emergency after three days of almost "
        "continuous rain.",
        "## Roads and bridges cut",
        "Landslides blocked sections of two federal highways, and a bridge over the Taquari "
        "river collapsed early on Saturday. Helicopters from the air force were flying food and "
        "drinking water to communities in the Serra Gaucha region that could not be reached by "
        "road.",
        "\"We lost everything again, the furniture, the fridge, the children's school books,\" "
        "said Marta Rocha, 46, who was staying with her family in a sports hall in Lajeado. "
        "\"Last year we had just finished repairing the house.\"",
        "## A warning from scientists",
        "Climate researchers have warned for years that the region is becoming more exposed to "
        "extreme rainfall, partly because of a warming Atlantic. Last year's floods, the worst in "
        "the state's recorded history, killed more than 180 people and caused damage estimated "
        "at several billion dollars.",
        "President Luiz Inacio Lula da Silva said the federal government would release "
        "emergency funds and send additional troops to help with rescues. The governor asked "
        "residents of low-lying areas in Porto Alegre to prepare to leave if the level of the "
        "Guaiba lake continued to rise.",
        "Forecasters expected the rain to ease on Tuesday, but said river levels downstream "
        "could keep rising for several days.",
        "## Farmers count their losses",
        "The state's farm federation said it was too early to estimate the damage, but that "
        "rice and soybean fields in the central valleys had been flooded just weeks before the "
        "harvest. Dairy farmers in the hills said collection trucks had been unable to reach them "
        "since Friday, forcing some to pour away milk.",
    )
    return dict(slug=SLUG_4, section="world", template="magazine",
                title="Floods Displace Thousands in Southern Brazil",
                subtitle="Rivers burst their banks for the second time in a year",
                authors=["Ana Beatriz Costa"], published="2025-05-04T11:30:00-03:00",
                tags=["Brazil", "Floods", "Climate"], body=body, comments=7, views=2410)


def _airline() -> dict[str, object]:
    body = (
        "Andes Regional, a carrier that flies mostly short domestic routes, said on Wednesday "
        "that it had ordered 40 narrow-body jets in a deal that will replace its ageing "
        "turboprops and let it open routes to neighboring countries for the first time.",
        "The order, for 30 firm aircraft and options on 10 more, is worth about 2.4 billion "
        "dollars at list prices, although airlines typically negotiate large discounts. "
        "Deliveries are scheduled to start in 2027.",
        "## Betting on growing demand",
        "Chief executive Rodrigo Salas said passenger numbers had grown by more than 20 percent "
        "a year since the pandemic, and that the new jets would burn about a quarter less fuel per "
        "seat than the planes they replace.",
        "\"Our customers have told us they want to fly further without changing planes in the "
        "capital,\" Salas said at a news conference at the company's hangar. \"This order lets "
        "us do that.\"",
        "## Questions about financing",
        "Analysts said the order was ambitious for an airline of Andes Regional's size, which "
        "operates 28 aircraft today. The company said it had secured financing for the first "
        "twelve planes through sale-and-leaseback agreements and would fund the rest from cash "
        "flow and a planned bond issue.",
        "Shares of the company rose 6 percent in early trading before closing 2 percent higher.",
        "Pilots' unions welcomed the announcement but said they would seek guarantees that the "
        "new routes would be flown by the airline's own crews rather than by contractors.",
        "## A crowded market",
        "The airline will compete on its new international routes with larger rivals and with "
        "low-cost carriers that have expanded rapidly across the region in recent years. Salas "
        "said Andes Regional would focus on secondary cities that larger airlines serve only "
        "through their hubs, such as flights between provincial capitals on either side of a "
        "border.",
        "Aviation consultants said that strategy had worked for regional carriers in Europe and "
        "North America, but warned that demand on such routes could be volatile and sensitive to "
        "fares.",
    )
    return dict(slug=SLUG_5, section="business", template="wordpress",
                title="Regional Airline Orders 40 Jets in Fleet Overhaul",
                authors=["Lucia Fernandez"], published="2025-04-30T10:00:00-05:00",
                tags=["Aviation", "Airlines"], body=body, comments=3, views=980)


def _port() -> dict[str, object]:
    body = (
        "Dock workers at the country's two largest container ports returned to work on Friday "
        "after their union reached a tentative agreement with terminal operators, ending a "
        "nine-day strike that had left more than 80 ships waiting at anchor.",
        "The deal, which members must still approve in a vote later this month, raises wages by "
        "18 percent over four years and limits the introduction of automated cranes at existing "
        "terminals until 2030.",
        "## Automation at the heart of the dispute",
        "The strike began after operators announced plans to automate container handling at a "
        "new terminal, which the union said would eventually cost thousands of jobs. Under the "
        "agreement, any new automated equipment must be operated and maintained by union members.",
        "\"We were never against technology,\" said union president Harold Jensen. \"We were "
        "against being thrown away by it.\"",
        "## Backlog will take weeks to clear",
        "Shipping lines warned that clearing the backlog of containers could take three to four "
        "weeks. Retailers said some goods ordered for the summer season would arrive late, but "
        "that shortages in shops were unlikely.",
        "Economists estimated that the strike had delayed about 4 billion dollars of trade, and "
        "said the impact on growth in the second quarter would be small if the ports returned to "
        "normal quickly.",
        "The transport minister, who had helped to broker the talks, called the agreement \"a "
        "fair compromise that protects workers and keeps our ports competitive.\"",
        "## A test for other ports",
        "Labor experts said the agreement could become a model for negotiations at smaller "
        "ports, where operators are also planning to introduce automated equipment. Several "
        "contracts at regional terminals expire next year.",
        "Terminal operators said in a joint statement that the deal would allow them to "
        "modernize gradually, and that they expected productivity to improve once new equipment "
        "was in place. Union members are expected to vote on the deal within three weeks.",
    )
    return dict(slug=SLUG_6, section="business", template="magazine",
                title="Port Strike Ends After Tentative Deal on Automation",
                subtitle="Union wins limits on automated cranes until 2030",
                authors=["Mette Sorensen"], published="2025-05-02T15:45:00-04:00",
                tags=["Labor", "Shipping", "Trade"], body=body, comments=19, views=3301)


def new_story_spec() -> dict[str, object]:
    """The article that edition 3 adds."""
    body = (
        "Authorities in three northern Mexican states closed schools on Tuesday as smoke from "
        "wildfires in the Sierra Madre Occidental drifted over cities including Chihuahua and "
        "Hermosillo, pushing air pollution to levels considered hazardous.",
        "The national forestry commission said 47 fires were active across the region, most of "
        "them started by land clearing during an unusually dry and hot spring. About 2,000 "
        "firefighters, soldiers and volunteers were working to contain them.",
        "## Hospitals report more patients",
        "Health officials in Chihuahua said emergency rooms had seen a rise in patients with "
        "breathing problems, especially children and older adults, and urged residents to stay "
        "indoors and keep windows closed.",
        "\"We have not seen smoke like this in the city for years,\" said Dr. Laura Sepulveda, who "
        "runs the respiratory unit of a public hospital. \"People with asthma should not go out "
        "at all.\"",
        "## Rain not expected soon",
        "Forecasters said no significant rain was expected before the start of the monsoon "
        "season in late June, and warned that strong winds could spread the fires further. State "
        "governments asked farmers to suspend all agricultural burning until further notice.",
        "Environmental groups said the fires showed the need for more funding for fire "
        "prevention, which they said had been cut sharply in recent budgets.",
    )
    return dict(slug=NEW_SLUG, section="world", template="wordpress",
                title="Wildfire Smoke Closes Schools Across Northern Mexico",
                authors=["Redaccion Que Onda"], published="2025-05-06T09:10:00-06:00",
                tags=["Mexico", "Wildfires", "Health"], body=body, comments=0, views=12)


def demo_specs() -> list[dict[str, object]]:
    """Specs of the 20 demo articles: six hand-written, fourteen generated with a fixed seed."""
    hand = [_seed(), _grain(), _rates(), _floods(), _airline(), _port()]
    return hand + filler.demo_filler_specs(start=len(hand) + 1)
