// Demo content for a fresh install. Everything here is fictional: the city of Port Averill, the River Vale,
// every person, organisation and outlet. Attribution URLs point at example.com / example.org on purpose.

export type DemoAttributionKind = "via" | "quoted" | "source";

export interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
}

export interface DemoImageSpec {
  hue: number;
  pattern: "waves" | "grid" | "circles" | "stripes" | "mountains";
  alt: string;
  caption: string;
  credit: string;
}

export interface DemoArticle {
  title: string;
  /** One-sentence pull quote shown under the title. */
  standfirst: string;
  bodyMarkdown: string;
  /** The first entry is the primary category. */
  categorySlugs: string[];
  tagNames: string[];
  /** Byline order. */
  authorSlugs: string[];
  attributions: { kind: DemoAttributionKind; outlet: string; url?: string }[];
  image: DemoImageSpec;
  /** Negative values lie in the future (scheduled articles). */
  publishedHoursAgo: number;
  status: "published" | "scheduled" | "draft";
}

export interface DemoInlineFigure {
  /** Matches the `/media/demo/<fileName>` path referenced from article bodies. */
  fileName: string;
  image: DemoImageSpec;
}

export const demoSite: {
  title: string;
  description: string;
  donationAppeal: string;
  readerAppeal: string;
  footerMenu: string;
} = {
  title: "The Harbour Ledger",
  description: "Independent, reader-funded news for Port Averill, the River Vale and the Calder coast.",
  donationAppeal:
    "Gift €20 or more and we'll send you our Harbour Ledger mug, free! Your donations let us put a reporter at every council meeting and keep every article free to read.",
  readerAppeal:
    "As a reader of The Harbour Ledger, you know how much in Port Averill goes unreported, and how important it is to bring it to light.\n\nPlease support The Harbour Ledger and help us keep reporting news that is fair, careful and independent.",
  footerMenu: "About us | /about/\nContact | /contact/\nSupport us | /donate/",
};

/** The demo's standing pages, linked from the footer menu. */
export const demoPages: { slug: string; title: string; bodyMarkdown: string }[] = [
  {
    slug: "about",
    title: "About The Harbour Ledger",
    bodyMarkdown:
      "The Harbour Ledger is an independent, reader-funded newsroom covering Port Averill, the River Vale and the Calder coast.\n\nWe attend every council meeting, read every planning file and answer every letter. We take no money from the companies we report on.",
  },
  {
    slug: "contact",
    title: "Contact us",
    bodyMarkdown:
      "Tips, corrections and letters: newsroom@harbour-ledger.example.\n\nBy post: The Harbour Ledger, 4 Quay Street, Port Averill.",
  },
];

/** The demo's donation offer: the reference page's mug, and a running campaign (days relative to now). */
export const demoDonations = {
  reward: {
    name: "Harbour Ledger mug",
    description: "A heavy stoneware mug in harbour blue, with our masthead. Dishwasher-safe.",
    image: {
      hue: 205,
      pattern: "circles",
      alt: "",
      caption: "The Harbour Ledger mug",
      credit: "Demo image",
    } satisfies DemoImageSpec,
    minimums: { EUR: 2000, USD: 2500, GBP: 1800, CHF: 2000 },
    shipCountries: ["AT", "BE", "CH", "DE", "DK", "ES", "FR", "GB", "IE", "IT", "NL", "PT", "SE", "US"],
    stock: 250,
  },
  campaign: {
    title: "Every council meeting, covered",
    description: "Help us fund a second city-hall reporter for next year.",
    goal: { amount: 2_500_000, currency: "EUR" },
    startedDaysAgo: 10,
    endsInDays: 50,
  },
};

export const demoAuthors: DemoAuthor[] = [
  {
    slug: "maren-holt",
    name: "Maren Holt",
    bio: "City hall reporter. Has covered Port Averill council meetings, budgets and elections since 2014.",
  },
  {
    slug: "tobias-ferreira",
    name: "Tobias Ferreira",
    bio: "Climate and environment correspondent, based in the Vale valley. Former hydrologist.",
  },
  {
    slug: "ada-nwosu",
    name: "Ada Nwosu",
    bio: "Economy editor. Writes about work, housing, the harbour and the businesses along it.",
  },
  {
    slug: "lina-sorensen",
    name: "Lina Sørensen",
    bio: "Culture editor and theatre critic. Runs the Ledger's weekend listings.",
  },
  {
    slug: "felix-okafor",
    name: "Felix Okafor",
    bio: "Science and health reporter with a soft spot for anything that lives in the estuary.",
  },
  {
    slug: "ines-marchetti",
    name: "Inès Marchetti",
    bio: "Local and data reporter. Covers neighbourhoods, planning and anything that can be put in a spreadsheet.",
  },
];

export const demoCategories: DemoCategory[] = [
  {
    slug: "politics",
    name: "Politics",
    description: "City council, the regional assembly, elections and the people who run for them.",
  },
  {
    slug: "climate",
    name: "Climate",
    description: "Floods, water, coastline and how Port Averill is adapting to a changing climate.",
  },
  {
    slug: "local",
    name: "Local",
    description: "Neighbourhood news from Quayside, Saltmarsh, Millbrook and Northgate.",
  },
  {
    slug: "economy",
    name: "Economy",
    description: "Jobs, housing, the harbour economy and small businesses.",
  },
  {
    slug: "culture",
    name: "Culture",
    description: "Theatre, music, museums, festivals and the city's heritage.",
  },
  {
    slug: "science",
    name: "Science",
    description: "Research from the Calder coast, explained for everyone.",
  },
];

export const demoInlineFigures: DemoInlineFigure[] = [
  {
    fileName: "inline-1.jpg",
    image: {
      hue: 205,
      pattern: "waves",
      alt: "Floodwater covering a footpath beside the river",
      caption: "The Millbrook towpath under water",
      credit: "Photo: Jonas Pryce",
    },
  },
  {
    fileName: "inline-2.jpg",
    image: {
      hue: 95,
      pattern: "stripes",
      alt: "Rows of newly planted marsh grass at low tide",
      caption: "Replanted cordgrass on the eastern flats",
      credit: "Photo: Tobias Ferreira",
    },
  },
  {
    fileName: "inline-3.jpg",
    image: {
      hue: 30,
      pattern: "circles",
      alt: "Loaves cooling on wooden racks in a bakery",
      caption: "The first co-operative bake",
      credit: "Photo: Sunniva Kerr",
    },
  },
];

export const demoArticles: DemoArticle[] = [
  {
    title: "Council passes budget after late-night session trims library hours",
    standfirst:
      "Branch libraries will close on Mondays from April, the price of keeping bus subsidies intact.",
    bodyMarkdown: `Port Averill City Council approved its budget for the coming year shortly after 1am on Wednesday, ending a session that ran for more than seven hours and saw three amendments defeated by a single vote.

The final package holds council tax to a 2.9% rise but closes the city's four branch libraries on Mondays from April. Councillors who backed the compromise said it was the only way to protect the subsidy that keeps the night buses to Northgate and Saltmarsh running.

> "Nobody in this chamber wanted to touch the libraries. But a library you can't get to after a late shift is not much use either," said Councillor Priya Lindqvist, who chairs the finance committee.

Opponents argued the savings — estimated at 310,000 a year — were small next to the cost of the harbour wall repairs approved in the same vote. Councillor Owen Tarrant said the council had "chosen the quietest cut rather than the fairest one."

Library staff will not lose jobs, according to the city's head of community services, Halvard Quist; hours will be redistributed to longer Saturday opening at the central library.

Residents following the meeting online traded updates under #PortAverill_Budget well past midnight. The full budget papers are due to be published on the council website later this week.`,
    categorySlugs: ["politics"],
    tagNames: ["Council Budget", "Libraries"],
    authorSlugs: ["maren-holt"],
    attributions: [
      { kind: "via", outlet: "Northern Radio", url: "https://example.com/northern-radio/budget-vote" },
    ],
    image: {
      hue: 220,
      pattern: "grid",
      alt: "Abstract grid of blue tiles suggesting a council chamber seating plan",
      caption: "The council chamber emptied shortly after 1am.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 6,
    status: "published",
  },
  {
    title: "Mayor Calloway will not seek a third term",
    standfirst:
      "Ruth Calloway says she wants to leave office before the harbour redevelopment becomes her whole legacy.",
    bodyMarkdown: `Mayor Ruth Calloway announced on Tuesday that she will not stand in next year's mayoral election, opening the city's top job to a contest for the first time in eight years.

Speaking outside City Hall, Calloway said the decision had been made "over a long summer and a lot of walks along the sea wall." She will serve out the remaining eleven months of her term.

Her time in office has been dominated by the harbour redevelopment, a project that brought new ferry berths and several hundred homes but also two years of disruption on Quay Street. Calloway said she was proud of the result but did not want it to be "the only thing anyone remembers."

The announcement was posted a few minutes before her speech:

https://x.com/harbourledger/status/1790012345678901234

At least two councillors, Desmond Achterberg and Priya Lindqvist, are understood to be considering a run. Neither would comment on Tuesday. Nominations open in the spring, and the city's electoral office has said it expects to publish a timetable in January.

Calloway, a former harbour pilot, was first elected as an independent and later joined the Civic Alliance group on the council.`,
    categorySlugs: ["politics"],
    tagNames: ["Elections", "City Hall"],
    authorSlugs: ["maren-holt", "ines-marchetti"],
    attributions: [
      { kind: "quoted", outlet: "Coastal Wire", url: "https://example.com/coastal-wire/calloway-steps-back" },
    ],
    image: {
      hue: 10,
      pattern: "stripes",
      alt: "Diagonal red and amber stripes",
      caption: "Ruth Calloway has led the city since 2017.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 20,
    status: "published",
  },
  {
    title: "Ward boundary review would split Saltmarsh in two, residents warn",
    standfirst:
      "A draft map moves the line down the middle of Ferry Road, leaving neighbours voting in different wards.",
    bodyMarkdown: `Residents of Saltmarsh have begun a petition against proposed ward boundaries that would divide the neighbourhood between two council wards for the first time.

The draft map, published by the regional boundary commission last month, is meant to even out the number of voters per councillor after a decade of new housing in the north of the city. To do that it moves the boundary of Harbour ward south so that it runs along Ferry Road.

"Half the street would vote with the marina flats and half with the old town. We'd be a rounding error in both," said Elspeth Varga, who chairs the Saltmarsh Residents' Association.

A Ledger analysis of the commission's figures shows the change brings the largest ward within 4% of the average size, compared with 17% today. An alternative drawn up by residents, which keeps Saltmarsh whole and instead moves part of Northgate, would leave the largest ward 6% above average — still within the commission's own tolerance.

The consultation closes at the end of the month. Supporters of the petition have been sharing the alternative map with the tag #Saltmarsh_Together, and the association is holding a drop-in at the Ferry Road community hall on Saturday morning.`,
    categorySlugs: ["politics", "local"],
    tagNames: ["Elections", "Saltmarsh"],
    authorSlugs: ["ines-marchetti"],
    attributions: [],
    image: {
      hue: 160,
      pattern: "grid",
      alt: "Green and teal tiles arranged like a district map",
      caption: "The proposed boundary would follow Ferry Road.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 55,
    status: "published",
  },
  {
    title: "Transit strike talks resume as council offers independent mediator",
    standfirst:
      "Both the union and the Vale Transit Authority say they will attend, though neither has moved on pay.",
    bodyMarkdown: `Talks aimed at ending the two-week strike by Port Averill's bus and tram drivers will resume on Monday after the city council offered to pay for an independent mediator.

The Transit Workers' Guild walked out over a pay offer of 3.5%, which the union says leaves drivers worse off after two years of above-inflation rent rises in the city. The Vale Transit Authority, which runs the network on the council's behalf, says it cannot go higher without cutting routes.

> "We have never refused to talk. What we've refused is to be told the only choice is a pay cut or a bus cut," said Marta Ilves, the Guild's branch secretary.

The authority's chief executive, Colm Brannagh, said the mediator's appointment was "a welcome chance to start again" and that the authority would bring revised figures to the table.

The mediator, a retired employment tribunal judge from outside the region, has not been named. Council leader Desmond Achterberg said the cost would be met from the transport contingency fund rather than new spending.

Services remain limited to the hospital shuttle and two school routes, which the union has agreed to keep running throughout the dispute.`,
    categorySlugs: ["politics", "economy"],
    tagNames: ["Transit", "Labour"],
    authorSlugs: ["maren-holt"],
    attributions: [],
    image: {
      hue: 48,
      pattern: "stripes",
      alt: "Yellow and grey diagonal stripes like road markings",
      caption: "Most routes have been suspended since the walkout began.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 31,
    status: "published",
  },
  {
    title: "Council votes to publish all lobbying meetings online",
    standfirst:
      "From next month, councillors' meetings with developers and business groups will appear in a public register.",
    bodyMarkdown: `Port Averill will publish a register of every meeting between councillors and outside interest groups, after a motion passed with cross-party support on Thursday evening.

The register will list the date, the people present and a one-line summary of the subject for any meeting where council business is discussed with a company, trade body, campaign group or their representatives. It will be updated monthly.

The motion was brought by Councillor Owen Tarrant after a row last year over undisclosed meetings about the Quayside car park sale. "This isn't about assuming bad faith," he told the chamber. "It's about making good faith easy to check."

Several councillors raised concerns about the extra work for officers, and an amendment exempting meetings with charities was narrowly rejected. The city's monitoring officer estimated the register would take about one day a month to maintain.

Port Averill becomes the second council on the Calder coast to adopt such a register. The first entries are expected to cover meetings held from the start of next month.`,
    categorySlugs: ["politics"],
    tagNames: ["City Hall", "Transparency"],
    authorSlugs: ["maren-holt"],
    attributions: [],
    image: {
      hue: 260,
      pattern: "grid",
      alt: "Purple grid of soft squares",
      caption: "The register will be updated monthly.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 140,
    status: "published",
  },
  {
    title: "Five candidates line up for Northgate by-election",
    standfirst:
      "The vacancy, caused by a councillor moving abroad, could decide who controls the finance committee.",
    bodyMarkdown: `Five candidates have been confirmed for the Northgate by-election on the 14th, the city's electoral office said on Friday.

The seat fell vacant when Councillor Sanna Bright resigned to take up a teaching post overseas. Her departure left the Civic Alliance group one seat short of a working majority on the finance committee, which decides how the city's reserves are spent.

The candidates are a retired nurse standing for the Civic Alliance, a café owner for the Coast First group, a student standing for the Greens, a former firefighter for Labour and an independent campaigning on parking in the ward's narrow terraced streets.

Turnout in Northgate was 38% at the last full election, below the city average. The electoral office said postal vote applications were already running ahead of that election at the same stage.

The Ledger will publish short interviews with each candidate next week, and a candidates' forum is being organised by the Northgate Tenants' Association.`,
    categorySlugs: ["politics"],
    tagNames: ["Elections", "Northgate"],
    authorSlugs: ["ines-marchetti", "maren-holt"],
    attributions: [
      {
        kind: "source",
        outlet: "Calder Electoral Office",
        url: "https://example.org/calder-electoral/northgate-notice",
      },
    ],
    image: {
      hue: 340,
      pattern: "circles",
      alt: "Overlapping rose-coloured circles",
      caption: "Polling stations will open from 7am to 10pm.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 210,
    status: "published",
  },
  {
    title: "River Vale bursts its banks at Millbrook for the second time this winter",
    standfirst:
      "Forty homes were evacuated overnight as the river rose faster than the flood model predicted.",
    bodyMarkdown: `The River Vale overtopped its banks at Millbrook early on Sunday, flooding the towpath, two streets of terraced homes and the lower car park of the health centre.

Forty households were moved to the Millbrook leisure centre overnight. There were no reported injuries. It is the second time this winter that the river has flooded the neighbourhood, after a smaller event in November.

![Floodwater covering a footpath beside the river](/media/demo/inline-1.jpg "The Millbrook towpath under water — Photo: Jonas Pryce")

The Calder Regional Water Board said rainfall in the upper valley had been close to the forecast, but the river rose about 40 centimetres higher than its model predicted at the Millbrook gauge.

> "The ground upstream is saturated. Every storm now behaves like a bigger storm than it is," said Dr Aurelie Strand, the board's head of flood forecasting.

Residents have long complained that the flood wall built in 2009 stops short of Mill Lane. The council says a business case for extending it will be ready in the spring.

Updates were shared through the night under #River_Vale. The water board expects levels to fall through Monday, though further rain is forecast on Wednesday.`,
    categorySlugs: ["climate", "local"],
    tagNames: ["Flooding", "River Vale"],
    authorSlugs: ["tobias-ferreira"],
    attributions: [
      { kind: "via", outlet: "Northern Radio", url: "https://example.com/northern-radio/millbrook-flood" },
      {
        kind: "source",
        outlet: "Calder Regional Water Board",
        url: "https://example.org/calder-water/gauge-data",
      },
    ],
    image: {
      hue: 200,
      pattern: "waves",
      alt: "Layered blue waves",
      caption: "The river peaked just after 4am on Sunday.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 12,
    status: "published",
  },
  {
    title: "Water board proposes new limits on upstream extraction",
    standfirst:
      "Farms and a bottling plant would have to cut abstraction when the Vale runs low in late summer.",
    bodyMarkdown: `The Calder Regional Water Board has proposed the first new limits in two decades on how much water can be taken from the upper River Vale during dry spells.

Under the draft rules, licensed abstractors — mainly farms, a golf course and a mineral water bottling plant — would have to reduce what they take by up to a third whenever the flow at Ashby Weir falls below a set threshold.

The board says the change is needed because late-summer flows have dropped by around 15% since the current licences were issued, putting pressure on salmon and sea trout that need cool water to migrate.

The Vale Growers' Association said it supported protecting the river but warned the rules could leave some fruit farms unable to irrigate in the weeks before harvest. "We're being asked to carry the risk of a drought we didn't cause," said its chair, Gideon Maake.

The bottling plant's owner said it was studying the proposal. A twelve-week consultation opens next month, with public meetings planned in Ashby and Port Averill.`,
    categorySlugs: ["climate", "economy"],
    tagNames: ["Water Rights", "River Vale"],
    authorSlugs: ["tobias-ferreira", "ada-nwosu"],
    attributions: [],
    image: {
      hue: 185,
      pattern: "mountains",
      alt: "Stylised hills under a pale sky",
      caption: "Most licensed abstraction happens above Ashby Weir.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 75,
    status: "published",
  },
  {
    title: "Saltmarsh restoration project reaches halfway mark",
    standfirst:
      "Twelve hectares of former grazing land have been returned to the tide, and the birds have noticed.",
    bodyMarkdown: `Volunteers planted the last of this season's cordgrass on the eastern flats at the weekend, bringing the Saltmarsh restoration project to the halfway point of its 24-hectare target.

The scheme, run by the Calder Coast Trust with funding from the harbour authority, breached an old sea wall three years ago to let the tide back onto land that had been drained for grazing in the 1800s.

![Rows of newly planted marsh grass at low tide](/media/demo/inline-2.jpg "Replanted cordgrass on the eastern flats — Photo: Tobias Ferreira")

Restored marsh absorbs wave energy and can rise with sea level by trapping sediment, which is why the harbour authority sees it as cheaper flood defence than raising walls. The trust says the new marsh has already grown about a centimetre a year.

Bird counts have followed. Redshank and curlew now feed on the site through the winter, and a pair of avocets nested there last spring for the first time in living memory.

The second phase, due to start next autumn, depends on a land purchase that is still being negotiated with the neighbouring farm.`,
    categorySlugs: ["climate"],
    tagNames: ["Coastal Habitat", "Saltmarsh"],
    authorSlugs: ["tobias-ferreira"],
    attributions: [],
    image: {
      hue: 110,
      pattern: "waves",
      alt: "Soft green bands like tidal channels",
      caption: "The eastern flats at low tide.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 160,
    status: "published",
  },
  {
    title: "Heat map shows Quayside streets run four degrees hotter than the park",
    standfirst:
      "Volunteers with bicycle-mounted sensors mapped the city on the hottest afternoon of the summer.",
    bodyMarkdown: `Streets around Quayside were up to four degrees warmer than Vale Park on the hottest afternoon of the summer, according to a heat map built by volunteers and published this week.

Thirty residents fitted temperature sensors to their bicycles and rode set routes between 3pm and 4pm on the same day. The readings were combined into a street-by-street map by students at the Calder Institute of Marine Science.

The hottest spots were the wide, treeless roads around the ferry terminal and the new flats on Dock Row, where dark paving and glass fronts trap heat. The coolest were streets with mature trees and the lanes closest to the water.

Public health officials say the findings matter because older residents in the densest parts of the city are most at risk during heatwaves. The council has said it will use the map to decide where to plant the first 500 trees of its street greening programme.

Organisers are recruiting riders for a second survey next summer and are sharing the map under #CoolStreets.`,
    categorySlugs: ["climate", "science"],
    tagNames: ["Urban Heat", "Public Health"],
    authorSlugs: ["ines-marchetti", "tobias-ferreira"],
    attributions: [],
    image: {
      hue: 15,
      pattern: "grid",
      alt: "Warm orange and red tiles like a heat map",
      caption: "Dock Row was among the hottest streets surveyed.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 300,
    status: "published",
  },
  {
    title: "Harbour authority sets out plan to electrify the ferry fleet",
    standfirst:
      "The island ferries would run on batteries by 2031, charged from shore while passengers board.",
    bodyMarkdown: `The Port Averill Harbour Authority has published a plan to replace its four diesel ferries with battery-electric vessels over the next seven years.

The island routes are short — the longest crossing takes 35 minutes — which the authority says makes them well suited to batteries that can be topped up during the ten-minute turnaround at each terminal.

The plan depends on a new high-capacity grid connection at the Quayside terminal, which the regional network operator has quoted at more than three years to deliver. The authority says it will ask for the work to be prioritised.

Ferries account for roughly a fifth of the harbour's direct emissions. Islanders have welcomed the plan but asked for guarantees that fares will not rise to pay for it. The authority says the lower running costs of electric ferries should offset the purchase price over their lifetime.

The first vessel is expected to be ordered next year.`,
    categorySlugs: ["climate"],
    tagNames: ["Harbour", "Transit"],
    authorSlugs: ["tobias-ferreira"],
    attributions: [],
    image: {
      hue: 190,
      pattern: "stripes",
      alt: "Teal stripes suggesting a ship's wake",
      caption: "The longest island crossing takes 35 minutes.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 1010,
    status: "published",
  },
  {
    title: "Farmers and anglers agree truce over Vale irrigation schedule",
    standfirst: "A voluntary rota will keep more water in the river during the autumn salmon run.",
    bodyMarkdown: `Fruit growers and angling clubs in the upper Vale valley have agreed a voluntary irrigation rota designed to keep more water in the river during the autumn salmon run.

The deal, brokered over several months by the Vale Rivers Trust, staggers when the largest farms draw water so that no more than a third of them are irrigating on the same day in September and October.

Anglers have blamed low autumn flows for a sharp fall in the number of salmon reaching the spawning grounds above Ashby. Farmers say they have already invested in more efficient drip systems and cannot simply stop watering crops.

"It's not a perfect answer, but it's one we wrote ourselves rather than one handed down to us," said Rhoda Penhallow of the Upper Vale Angling Club.

The trust will install two new flow gauges to check whether the rota makes a measurable difference. The arrangement runs alongside the water board's proposed extraction limits, which are still under consultation.`,
    categorySlugs: ["climate"],
    tagNames: ["Water Rights", "Fisheries", "River Vale"],
    authorSlugs: ["tobias-ferreira", "ada-nwosu"],
    attributions: [
      {
        kind: "quoted",
        outlet: "Vale Valley Gazette",
        url: "https://example.com/vale-gazette/irrigation-rota",
      },
    ],
    image: {
      hue: 75,
      pattern: "mountains",
      alt: "Olive and green ridges under a warm sky",
      caption: "Most fruit farms lie above Ashby Weir.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 760,
    status: "published",
  },
  {
    title: "Café Zürich reopens on Quay Street after two-year restoration",
    standfirst:
      "The 1920s tearoom has its mirrored ceiling back — and, its owners promise, the same apricot tart.",
    bodyMarkdown: `Café Zürich, the tearoom that has stood on the corner of Quay Street and Ropewalk since 1926, reopened on Saturday after a two-year restoration.

The building was closed when inspectors found the cast-iron columns supporting its upper floor had corroded badly. Repairing them meant taking down the café's mirrored ceiling panel by panel, cataloguing each one and sending the damaged glass to a specialist workshop.

Owners Dalia and Rafe Okonkwo-Berg, who bought the café in 2015, said there had been moments when they doubted it would reopen at all. Grants from the city's heritage fund covered about half of the cost; the rest came from a loan and a crowdfunding campaign that raised money from more than 1,400 people.

The menu is largely unchanged. The apricot tart, made to a recipe attributed to the café's Swiss founder, Anneliese Gerber, was sold out by 11am on the first day.

The café will open seven days a week, with later hours on Fridays and Saturdays through the summer.`,
    categorySlugs: ["local", "culture"],
    tagNames: ["Heritage", "Small Business", "Quayside"],
    authorSlugs: ["lina-sorensen"],
    attributions: [],
    image: {
      hue: 38,
      pattern: "circles",
      alt: "Golden circles like reflections in old mirror glass",
      caption: "The restored mirrored ceiling.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 26,
    status: "published",
  },
  {
    title: "Residents rally to save the Old Granary from demolition",
    standfirst:
      "More than 3,000 people have signed a petition asking the council to list the 1840s warehouse.",
    bodyMarkdown: `Several hundred people formed a human chain around the Old Granary on Harbour Street on Sunday, calling on the council to protect the 1840s warehouse from a demolition application lodged last month.

The building's owner, Quayline Developments, wants to replace it with a six-storey block of flats and ground-floor shops. The company says the granary's timber floors cannot be brought up to modern fire standards at reasonable cost.

> "This is the last building on the harbour that still looks like the harbour. Once it's gone, it's gone," said Teodor Lusk, a retired shipwright who helped organise the chain.

The campaign, which has been gathering support under #Save_The_Granary, has asked the regional heritage body to assess the building for listing. A decision is not expected before the council's planning committee meets in March.

The group's organisers posted a video of the chain shortly after it formed:

https://mastodon.social/@harbourledger/111222333444555666

Quayline said it had "listened carefully" and would consider retaining the granary's brick facade as part of a revised scheme.`,
    categorySlugs: ["local"],
    tagNames: ["Heritage", "Planning"],
    authorSlugs: ["ines-marchetti"],
    attributions: [],
    image: {
      hue: 25,
      pattern: "grid",
      alt: "Brick-coloured blocks arranged like a warehouse wall",
      caption: "The Old Granary dates from the 1840s.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 44,
    status: "published",
  },
  {
    title: "Millbrook families return home three weeks after the flood",
    standfirst: "For many, the hardest part has not been the water but the wait for insurers and builders.",
    bodyMarkdown: `The last of the families moved out of Mill Lane during November's flood returned home this week, three weeks after the River Vale swept through the ground floors of their terraced houses.

Most have come back to bare plaster walls and concrete floors. Dehumidifiers hum in front rooms across the street, and several households are living upstairs while kitchens are rebuilt.

Sofia Drummond, who has lived on Mill Lane for 22 years, said the first flood she experienced was "a shock" and this one was "just exhausting." She is still waiting for her insurer to approve a replacement boiler.

The council's flood recovery team says 31 homes were affected. It has paid emergency grants to 26 and arranged temporary accommodation for five families whose homes are not yet safe to live in.

Residents have formed a Mill Lane flood group to press for the flood wall extension and to share the names of tradespeople who turned up when they said they would.`,
    categorySlugs: ["local"],
    tagNames: ["Flooding", "River Vale", "Housing"],
    authorSlugs: ["ines-marchetti", "tobias-ferreira"],
    attributions: [],
    image: {
      hue: 210,
      pattern: "stripes",
      alt: "Muted blue and grey stripes",
      caption: "Mill Lane was one of two streets flooded.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 90,
    status: "published",
  },
  {
    title: "School district warns of larger classes as budget gap widens",
    standfirst: "Without extra funding, primary classes in Port Averill could average 31 pupils by 2027.",
    bodyMarkdown: `Port Averill's school district has warned that average primary class sizes could rise from 27 to 31 pupils within two years unless it closes a growing budget gap.

In a report to the council's education committee, the district said rising energy and special-needs transport costs had outpaced its funding for three years running. It projects a shortfall of 2.4 million next year.

The district's superintendent, Grete Mahler, said schools had already cut back on supply teachers and delayed building repairs. "We are now at the point where the savings come out of classrooms," she said.

Parents at Northgate Primary, where two classes have already been merged, have started a letter-writing campaign to councillors. "My daughter's teacher is brilliant, but nobody is brilliant with 33 seven-year-olds," said parent Kasimir Doyle.

The report also flags a backlog of roof and heating repairs across eleven older school buildings, which the district says it has postponed for two years in a row.

The council says it is lobbying the regional assembly for a fairer share of education funding and will set out options at next month's meeting.`,
    categorySlugs: ["local", "politics"],
    tagNames: ["Schools", "Council Budget"],
    authorSlugs: ["maren-holt"],
    attributions: [
      { kind: "via", outlet: "Coastal Wire", url: "https://example.com/coastal-wire/school-budget" },
    ],
    image: {
      hue: 280,
      pattern: "circles",
      alt: "Violet circles of varying sizes",
      caption: "Two Northgate Primary classes have already merged.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 120,
    status: "published",
  },
  {
    title: "Volunteer lifeboat crew marks 150 years of service",
    standfirst: "Since 1875, the Port Averill lifeboat has launched more than 4,000 times.",
    bodyMarkdown: `The Port Averill volunteer lifeboat station celebrated its 150th anniversary on Saturday with an open day, a parade of past and present boats and a moment of silence for the seven crew members lost at sea since 1875.

The station's first boat was rowed by fishermen and pulled to the water by horses. Today's crew of 28 volunteers — including a teacher, two electricians and a vet — launch an all-weather boat from the slipway below the harbour wall.

Coxswain Bryn Askew, who has volunteered for 26 years, said the work had changed less than people imagined. "The boats are faster and the radios are better, but it's still the same job: somebody is in trouble and we go."

The station's archive records 4,112 launches and 1,900 lives saved. The busiest year on record was 1953, when a storm surge tore through the harbour and the crew launched eleven times in three days.

The station is funded entirely by donations and needs to raise money for a replacement boathouse roof. A new exhibition about its history opens at the Averill Maritime Museum next month.`,
    categorySlugs: ["local"],
    tagNames: ["Harbour", "Heritage"],
    authorSlugs: ["lina-sorensen"],
    attributions: [],
    image: {
      hue: 355,
      pattern: "waves",
      alt: "Red and navy waves",
      caption: "The anniversary parade in the outer harbour.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 1150,
    status: "published",
  },
  {
    title: "Rye & Tide becomes the high street's first worker-owned co-operative",
    standfirst:
      "Eleven bakers bought the business from its retiring founder, with help from regulars and a community loan.",
    bodyMarkdown: `The Rye & Tide bakery on Market Row has become the first worker-owned co-operative on Port Averill's high street, after its eleven staff completed the purchase of the business from its founder this week.

Founder Hamish Arkwright, who opened the bakery in 2008, said he had been approached by two chains but wanted the shop to stay in the hands of the people who ran it. The staff raised the purchase price through a community share offer, a loan from a regional co-operative fund and their own savings.

![Loaves cooling on wooden racks in a bakery](/media/demo/inline-3.jpg "The first co-operative bake — Photo: Sunniva Kerr")

Under the new structure each worker holds one share and one vote. Profits, after a reserve for equipment, will be split between wage top-ups and a fund for training apprentices.

"Nothing changes for customers except that the person selling you bread now owns a piece of the oven," said head baker Lucía Ferrán.

More than 600 residents bought community shares, many of them after the bakery posted the offer with the tag #ShopLocal.`,
    categorySlugs: ["economy", "local"],
    tagNames: ["Small Business", "Co-operatives"],
    authorSlugs: ["ada-nwosu"],
    attributions: [],
    image: {
      hue: 32,
      pattern: "circles",
      alt: "Warm golden circles like loaves seen from above",
      caption: "Rye & Tide has been on Market Row since 2008.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 38,
    status: "published",
  },
  {
    title: "Fishing fleet reports lowest cod landings in a decade",
    standfirst: "Skippers blame warming water; scientists say the picture is more complicated.",
    bodyMarkdown: `Cod landed at Port Averill fell to its lowest level in at least ten years last season, according to figures from the Calder Fisheries Agency.

The harbour's fleet of 23 boats landed just under 400 tonnes of cod, down from more than 1,100 tonnes a decade ago. Landings of hake and squid, species more common in warmer water, rose over the same period.

> "My father fished these grounds for cod. I catch more squid some weeks than he saw in his whole life," said skipper Mairi Falconer.

Researchers at the Calder Institute of Marine Science say rising sea temperatures are part of the story but not all of it: cod stocks were already depleted by heavy fishing in the 1990s, and recovery has been slower than expected.

The harbour's fish market has begun promoting hake and squid to local restaurants, and the agency is reviewing quotas ahead of next season.`,
    categorySlugs: ["economy", "climate"],
    tagNames: ["Fisheries", "Harbour"],
    authorSlugs: ["ada-nwosu", "tobias-ferreira"],
    attributions: [
      {
        kind: "source",
        outlet: "Calder Fisheries Agency",
        url: "https://example.org/calder-fisheries/landings",
      },
      { kind: "via", outlet: "The Estuary Review", url: "https://example.com/estuary-review/cod" },
    ],
    image: {
      hue: 215,
      pattern: "waves",
      alt: "Deep blue waves",
      caption: "The fleet landed under 400 tonnes of cod last season.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 66,
    status: "published",
  },
  {
    title: "Port Averill rents rise 9% as vacancy rate hits record low",
    standfirst: "Fewer than one in a hundred rental homes in the city were empty at the last count.",
    bodyMarkdown: `Average rents in Port Averill rose 9% over the past year, the fastest increase on record, as the share of empty rental homes fell below 1%.

Figures from the Calder Housing Observatory show a typical two-bedroom flat now rents for about 38% of median local earnings. In Quayside and the new Dock Row developments the figure is closer to half.

The observatory links the squeeze to the growth of short-term holiday lets, slow house building and new jobs at the shipyard drawing workers from outside the region.

Tenants' groups have called for a cap on holiday lets in the city centre. Landlords' representatives say higher costs for repairs and mortgages have been passed on, and warn that caps would reduce supply further.

Ledger readers who responded to a call-out described bidding wars for flats, viewings attended by a dozen people and deposits equal to two months' rent. Several said they had moved to towns further up the Vale and now commute by ferry or car.

The council is due to debate a housing strategy in the spring, which is expected to include a register of holiday lets and a target for new social housing on council-owned land.`,
    categorySlugs: ["economy"],
    tagNames: ["Housing"],
    authorSlugs: ["ada-nwosu", "ines-marchetti"],
    attributions: [
      {
        kind: "source",
        outlet: "Calder Housing Observatory",
        url: "https://example.org/calder-housing/rents-q3",
      },
    ],
    image: {
      hue: 300,
      pattern: "grid",
      alt: "Magenta blocks like windows of a tower",
      caption: "Vacancy rates are lowest in Quayside and Dock Row.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 100,
    status: "published",
  },
  {
    title: "Quayside traders count the cost of the transit strike",
    standfirst: "Cafés and shops near the tram terminus say takings are down by a third.",
    bodyMarkdown: `Businesses around the Quayside tram terminus say the two-week transit strike has cut their takings by around a third, with lunchtime trade worst hit.

A survey of 48 traders by the Quayside Business Group found 40 reporting lower sales since the walkout began. Together they estimate lost takings at about 1.2 million.

Several owners said they supported the drivers' case but wanted both sides to settle quickly. "Half my customers are bus drivers and half are people who come in on the bus," said Yusuf Marr, who runs a sandwich shop opposite the terminus.

Footfall counters on Quay Street, installed by the business group last year, recorded about 28% fewer passers-by on weekdays compared with the same fortnight last year. Weekend numbers were down less sharply, which traders put down to people driving in and parking.

Not everyone has lost out. Two bicycle shops near the terminus report brisk trade in repairs and second-hand bikes, and a taxi firm says it has taken on extra drivers.

The council has offered to defer business rates for affected traders for three months. The business group says it will ask for the deferral to be extended if the strike continues beyond the end of the month.`,
    categorySlugs: ["economy"],
    tagNames: ["Transit", "Labour", "Small Business"],
    authorSlugs: ["ada-nwosu"],
    attributions: [],
    image: {
      hue: 55,
      pattern: "stripes",
      alt: "Yellow and charcoal stripes",
      caption: "Lunchtime trade has been worst hit.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 50,
    status: "published",
  },
  {
    title: "Shipyard lands contract for three hybrid ferries",
    standfirst: "The order secures around 300 jobs at the Averill yard for at least four years.",
    bodyMarkdown: `The Averill shipyard has won a contract to build three hybrid diesel-electric ferries for an island operator further up the coast, securing about 300 jobs for at least four years.

The yard, which employs 540 people, had warned last year that its order book would run dry by the spring. Management said the new contract would also allow it to take on 40 apprentices.

The ferries will run on batteries in harbour and switch to diesel on open water, cutting fuel use by an estimated 40% compared with the vessels they replace. Steel cutting is due to begin in the summer, with the first hull expected to be launched within two years.

"This is the order we needed. There were people here who'd started looking at jobs on the other side of the country," said Keir Solberg, a welder and union representative at the yard.

The contract was won against bids from two larger European yards. The regional development agency provided a loan guarantee that the yard's managing director, Petra Vance, said had been decisive.

The yard is also in talks about building the battery-electric ferries planned by the Port Averill Harbour Authority, though no order has yet been placed.`,
    categorySlugs: ["economy"],
    tagNames: ["Harbour", "Jobs"],
    authorSlugs: ["ada-nwosu"],
    attributions: [
      { kind: "quoted", outlet: "Coastal Wire", url: "https://example.com/coastal-wire/shipyard-order" },
    ],
    image: {
      hue: 230,
      pattern: "mountains",
      alt: "Steel-blue peaks like hull shapes",
      caption: "Steel cutting begins in the summer.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 1380,
    status: "published",
  },
  {
    title: "Maritime Museum unveils restored 19th-century figurehead",
    standfirst:
      "The carved figure of a woman holding a lantern spent 60 years in a garden shed before it was donated.",
    bodyMarkdown: `The Averill Maritime Museum has put on display a restored figurehead from the barque Constance, which sailed out of Port Averill in the 1860s.

The carving, a woman holding a lantern, was found in a garden shed in Northgate in 2021 and donated by the family who had owned it for three generations. Conservators spent two years removing layers of house paint to reveal the original colours.

> "Under six coats of green paint there was a face someone carved with real care. It felt like meeting her," said conservator Annika Ruud.

The Constance carried timber and emigrants across the Atlantic before being wrecked off the Calder headland in 1871. The museum believes the figurehead was salvaged from the wreck.

The figurehead is displayed alongside the ship's surviving logbook, lent by a descendant of its captain, and a passenger list that includes several families whose names are still common in Port Averill.

The display opens to the public on Saturday. Visitors are being invited to share their photos with #AverillMaritime.`,
    categorySlugs: ["culture"],
    tagNames: ["Museums", "Heritage"],
    authorSlugs: ["lina-sorensen"],
    attributions: [],
    image: {
      hue: 140,
      pattern: "circles",
      alt: "Green and gold circles like weathered paint",
      caption: "The figurehead was restored over two years.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 80,
    status: "published",
  },
  {
    title: "Arts funding cut leaves summer festival in doubt",
    standfirst:
      "The Harbour Lights festival has lost a quarter of its council grant and is searching for sponsors.",
    bodyMarkdown: `The Harbour Lights festival, which draws around 20,000 visitors to the quayside each July, may have to shorten its programme after losing a quarter of its council grant in this year's budget.

The festival's director, Oona Castell, said the organisers were seeking new sponsors but that a decision on the programme would have to be made by March.

Councillors who supported the cut said arts organisations had to share the pressure on the budget. Opponents pointed to figures suggesting the festival brings in far more in visitor spending than it receives.

The festival lost 45,000 from a grant of 180,000. Castell said the gap was roughly the cost of the opening night's fireworks and two headline concerts combined.

"We can do a smaller festival. What we can't do is plan one properly when we find out in February what we have for July," she said, calling for funding to be agreed for three years at a time.

Free events on the quay, including the lantern parade and the children's programme, are likely to be protected. Ticket prices for the paid concerts may rise.

Two local businesses have already offered sponsorship, according to the festival, and a crowdfunding appeal is expected to launch next month.`,
    categorySlugs: ["culture", "politics"],
    tagNames: ["Arts Funding", "Council Budget", "Festivals"],
    authorSlugs: ["lina-sorensen", "maren-holt"],
    attributions: [],
    image: {
      hue: 320,
      pattern: "circles",
      alt: "Pink and purple circles like festival lights",
      caption: "Harbour Lights draws around 20,000 visitors.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 110,
    status: "published",
  },
  {
    title: "Review: 'The Tidewater Hours' at the Lantern Theatre",
    standfirst:
      "A quiet, funny play about three generations of a ferry family, with a superb central performance.",
    bodyMarkdown: `There is a moment halfway through *The Tidewater Hours* when the grandmother, played by Ingrid Valborg, simply sits and listens to the foghorn. Nothing happens for almost a minute. It is the best scene in the play.

Writer Callum Reyes, who grew up above a chandlery on Harbour Street, has written a play about a family that runs the last independent ferry to the islands.

The first act is overlong, and a subplot about a rival operator never quite earns its place. But the dialogue is sharp and often very funny, particularly in the kitchen-table arguments between the three generations.

Valborg anchors everything. She plays a woman who knows the tide tables by heart but cannot say out loud that she is frightened of losing the business.

Designer Mathis Ekwueme's set, a cramped kitchen that slides back to reveal a ferry's wheelhouse, is cleverer than the production budget suggests, and the lighting of the final storm scene drew audible gasps on opening night.

*The Tidewater Hours* runs at the Lantern Theatre until the end of the month. Tickets for Friday and Saturday evenings are already scarce; midweek matinees have more availability.`,
    categorySlugs: ["culture"],
    tagNames: ["Theatre", "Arts"],
    authorSlugs: ["lina-sorensen"],
    attributions: [],
    image: {
      hue: 270,
      pattern: "waves",
      alt: "Dark violet waves",
      caption: "The play runs until the end of the month.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 150,
    status: "published",
  },
  {
    title: "Dockworkers' grandchildren revive forgotten sea shanties",
    standfirst:
      "A youth choir has recorded songs collected from the harbour in the 1950s and never performed since.",
    bodyMarkdown: `A youth choir made up largely of the grandchildren of former dockworkers has recorded an album of sea shanties collected on the Port Averill waterfront in the 1950s.

The songs were transcribed by a folklorist, Edith Calder-Mayne, who visited the docks with a notebook and a wire recorder. Her manuscripts sat uncatalogued in the city archive until a volunteer found them last year.

Choir director Nils Haverford said the young singers had rewritten none of the lyrics. "Some of them are rude, some are sad, and all of them were sung by people these kids are related to," he said.

The choir spent six months learning the songs, several of which had no written tune. Retired dockers who remembered fragments of the melodies came to rehearsals to sing them, sometimes for the first time in sixty years.

One song, about a crane driver who falls in love with a ship, has already become a favourite at the choir's pub sessions. Another, a lament for men lost in a warehouse fire in 1911, is performed unaccompanied.

The album will be launched with a free concert at the old dock gates next Saturday, and copies of Calder-Mayne's notebooks will be on display at the city archive.`,
    categorySlugs: ["culture"],
    tagNames: ["Music", "Heritage", "Arts"],
    authorSlugs: ["lina-sorensen"],
    attributions: [
      { kind: "via", outlet: "Northern Radio", url: "https://example.com/northern-radio/shanties" },
    ],
    image: {
      hue: 180,
      pattern: "stripes",
      alt: "Teal and cream stripes",
      caption: "The choir rehearses at the old dock gates.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 240,
    status: "published",
  },
  {
    title: "Καλώς ήρθατε: Greek community festival returns to the quay",
    standfirst:
      "After a five-year break, the Panigyri filled the quayside with music, dancing and grilled octopus.",
    bodyMarkdown: `The Greek community festival returned to the Port Averill quayside on Sunday for the first time in five years, drawing several thousand people to an afternoon of music, dancing and food.

The festival was first held in 1972 by families who came to the city to work in the shipyard.

At its height in the 1980s the festival ran for a whole weekend and closed the quay to traffic. It lapsed when the community association lost its regular volunteers and its founders grew too old to run it.

This year a new committee, led by Eleni Papadaki, revived it with support from the Greek Orthodox parish and the city's events fund. Most of the committee are the grandchildren of the original organisers.

"My grandmother used to say the festival was how the city learned to pronounce our names," Papadaki said. "We wanted our children to have that too."

A dance group from the islands performed in the afternoon, and the queue for grilled octopus stretched past the ferry terminal. The committee hopes to make the festival annual again and is looking for volunteers for next year.`,
    categorySlugs: ["culture", "local"],
    tagNames: ["Music", "Community", "Festivals"],
    authorSlugs: ["lina-sorensen"],
    attributions: [],
    image: {
      hue: 200,
      pattern: "circles",
      alt: "Blue and white circles",
      caption: "Dancing on the quay on Sunday afternoon.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 340,
    status: "published",
  },
  {
    title: "Marine institute tags first basking sharks in Calder Bay",
    standfirst: "Satellite tags on four sharks will show whether the bay is a stopover or a destination.",
    bodyMarkdown: `Researchers from the Calder Institute of Marine Science have fitted satellite tags to four basking sharks in Calder Bay, the first time the species has been tracked in local waters.

Basking sharks, the second-largest fish in the world, feed on plankton and are harmless to people. Sightings in the bay have risen sharply over the past five years.

The tags will record depth and temperature and detach after a year. Lead researcher Dr Sigrun Achebe said the data would show whether the sharks stay in the bay for the summer or pass through on longer migrations.

The tagging was carried out from a small research boat in calm conditions. A tag is attached to the dorsal fin with a short pole, and the team says the sharks showed no sign of distress.

Warmer surface water and an abundance of plankton are thought to explain the rise in sightings, but little is known about where the animals go in winter. Sharks tagged elsewhere have been tracked crossing to the other side of the Atlantic.

Boat users are asked to keep at least 100 metres away and to report sightings with #Calder_Bay, including a photo of the dorsal fin if possible, which can be used to identify individual sharks.`,
    categorySlugs: ["science"],
    tagNames: ["Research", "Marine Life"],
    authorSlugs: ["felix-okafor"],
    attributions: [],
    image: {
      hue: 195,
      pattern: "waves",
      alt: "Blue-green waves",
      caption: "Basking sharks feed near the surface in summer.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 16,
    status: "published",
  },
  {
    title: "Wastewater testing gives early warning of winter flu wave",
    standfirst:
      "Samples from the city's treatment works picked up rising flu levels ten days before hospitals did.",
    bodyMarkdown: `Testing of sewage at Port Averill's main treatment works detected a rise in influenza ten days before the first increase in hospital admissions, health officials said.

The monitoring programme began during the pandemic and has since been extended to flu and other viruses. Samples are taken three times a week.

Because people shed the virus before they feel ill, and many never see a doctor, wastewater can show what is happening across a whole population rather than only among those who are tested.

Dr Tomas Eriksen of the Calder Public Health Laboratory said the early signal allowed the hospital to open an extra ward and reschedule planned operations before admissions rose. "Ten days doesn't sound like much. In a hospital in January, it's an enormous amount of time," he said.

The laboratory publishes a weekly summary of its results. It says samples do not identify individuals or households and are taken from the treatment works, not from neighbourhoods.

Flu levels appear to have peaked in the past week. Vaccination clinics are running at the central library on Thursdays.`,
    categorySlugs: ["science"],
    tagNames: ["Public Health", "Research"],
    authorSlugs: ["felix-okafor"],
    attributions: [
      {
        kind: "source",
        outlet: "Calder Public Health Laboratory",
        url: "https://example.org/calder-health/wastewater",
      },
    ],
    image: {
      hue: 170,
      pattern: "grid",
      alt: "Aqua tiles like a chart",
      caption: "Samples are taken three times a week.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 60,
    status: "published",
  },
  {
    title: "Students' weather balloon climbs to 31 kilometres",
    standfirst:
      "A Northgate school's homemade probe photographed the curve of the Earth before landing in a field.",
    bodyMarkdown: `A weather balloon built by students at Northgate Secondary reached an altitude of 31 kilometres before bursting and parachuting into a field 60 kilometres inland.

The probe, housed in a polystyrene box painted bright orange, carried a camera, a temperature sensor and a GPS tracker. It recorded minus 56 degrees in the upper atmosphere, and its photographs show the coastline, the islands and the curve of the Earth against a black sky.

Fourteen students spent most of the autumn term on the project, working out how much helium was needed, writing the software that logged the sensor data and applying for permission from the aviation authority.

Physics teacher Amara Lindgren said the project had drawn students who had never joined a science club. "Half of them signed up because they wanted to see space. They stayed because they wanted to find out why the battery died at 20 kilometres in the test run," she said.

A farmer found the probe in a barley field and returned it to the school. Updates were posted under #ProjectGull, and the team plans a second launch in the spring carrying an air quality sensor.`,
    categorySlugs: ["science", "local"],
    tagNames: ["Schools", "Research"],
    authorSlugs: ["felix-okafor"],
    attributions: [],
    image: {
      hue: 240,
      pattern: "mountains",
      alt: "Blue ridges under a high sky",
      caption: "The probe landed 60 kilometres inland.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 180,
    status: "published",
  },
  {
    title: "Sediment cores reveal 800-year flood record under the harbour",
    standfirst:
      "Layers of sand in the mud show the Vale's great floods, and suggest they are becoming more frequent.",
    bodyMarkdown: `Mud drilled from beneath Port Averill harbour contains a record of the River Vale's largest floods stretching back about 800 years, according to a study by the Calder Institute of Marine Science.

Each major flood washed a layer of coarse sand into the harbour basin. Dating those layers allowed the team to count floods over eight centuries.

> "The last hundred years have more sand layers than any comparable century in the record," said Dr Henrike Oyelaran, who led the study.

The team took eight cores, each several metres long, from different parts of the basin during a dredging pause last summer. Radiocarbon dating of shells and plant fragments in the mud provided the timeline.

Several sand layers line up with floods described in old records, including a flood in 1607 that the city's parish registers say drowned cattle as far inland as Ashby. Others appear to record floods that left no written trace.

Oyelaran cautioned that the harbour itself has changed, and that building the breakwater in the 1880s may have altered how much sand reaches the basin. But she said the increase in recent flood layers was too large to be explained by that alone.

The findings will feed into the water board's flood planning, which currently relies on river gauge records that go back only 70 years.`,
    categorySlugs: ["science", "climate"],
    tagNames: ["Flooding", "Research", "River Vale"],
    authorSlugs: ["felix-okafor", "tobias-ferreira"],
    attributions: [],
    image: {
      hue: 35,
      pattern: "stripes",
      alt: "Horizontal-looking sandy bands",
      caption: "Each sand layer marks a major flood.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 260,
    status: "published",
  },
  {
    title: "Why the Vale's otters are coming back",
    standfirst:
      "Cleaner water and fewer weirs have helped otters return to stretches of river where they vanished decades ago.",
    bodyMarkdown: `Otters have been recorded on every stretch of the River Vale for the first time since surveys began, according to volunteer monitoring.

The animals disappeared from much of the river in the 1960s and 1970s because of pesticide pollution. Their return has been gradual, helped by cleaner water and the removal of several old weirs.

Volunteers identify otters by their spraints — droppings with a distinctive, faintly sweet smell — and footprints in the mud, rather than by sightings. Otters are mostly nocturnal and very shy.

The Vale Rivers Trust, which coordinates the survey, says the removal of three weirs on the middle river over the past decade has made it easier for fish to move upstream, and the otters have followed the fish.

"An otter is basically a very fussy indicator species with whiskers. If they are here, the river is doing something right," said the trust's ecologist, Marguerite Adeyemi.

Not everyone is pleased. Owners of two fishing lakes in the valley say otters have taken stocked carp, and the trust has been advising on fencing. Ecologists say the return is nonetheless a good sign for the river's wild fish, which need the same clean water and open channels.`,
    categorySlugs: ["science"],
    tagNames: ["River Vale", "Marine Life"],
    authorSlugs: ["felix-okafor"],
    attributions: [
      { kind: "quoted", outlet: "The Estuary Review", url: "https://example.com/estuary-review/otters" },
    ],
    image: {
      hue: 90,
      pattern: "waves",
      alt: "Green river-like waves",
      caption: "Otters are now recorded on every stretch of the Vale.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 600,
    status: "published",
  },
  {
    title: "Candidates' forum: what to expect from Thursday's Northgate debate",
    standfirst: "All five by-election candidates have agreed to take questions from residents.",
    bodyMarkdown: `All five candidates in the Northgate by-election will take part in a public forum at the Northgate community hall on Thursday evening, organised by the Northgate Tenants' Association.

The format is simple: each candidate gets three minutes to introduce themselves, followed by an hour of questions from residents. Questions have been collected in advance through a box at the hall and the association's newsletter, and will be read out by a volunteer chair.

Based on the questions submitted so far, parking, the closure of the Northgate library on Mondays and the state of the ward's private rented housing are likely to dominate. Several residents have also asked how each candidate would vote on the finance committee, where the by-election could tip the balance.

The association says it expects the hall's 200 seats to be full and will stream the event online. The Ledger will report on the forum on Friday morning, and our candidate interviews are available now.`,
    categorySlugs: ["politics"],
    tagNames: ["Elections", "Northgate"],
    authorSlugs: ["maren-holt"],
    attributions: [],
    image: {
      hue: 5,
      pattern: "grid",
      alt: "Red grid",
      caption: "The forum will be held at the community hall.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: -48,
    status: "scheduled",
  },
  {
    title: "Who pays for dredging the harbour?",
    standfirst: "The harbour authority's dredging contract has doubled in cost.",
    bodyMarkdown: `The cost of keeping the channel into Port Averill harbour deep enough for ferries and cargo ships has roughly doubled in five years, according to figures obtained by the Ledger.

The harbour authority pays a contractor to remove silt from the channel every spring. The latest contract, awarded last year, is worth 4.1 million over three years.

The authority says more silt is arriving from the River Vale after heavy rain, and that disposal rules have become stricter. It has not said why the contract was not put out to open tender.

Harbour users are divided. Ferry operators say the channel must be kept open whatever the cost, while some councillors on the harbour board have asked whether a smaller, shallower channel would be enough for the vessels that now use it.

Ledger requests for the tender documents are outstanding. This article will be updated.`,
    categorySlugs: ["economy"],
    tagNames: ["Harbour"],
    authorSlugs: ["ines-marchetti", "ada-nwosu"],
    attributions: [],
    image: {
      hue: 205,
      pattern: "waves",
      alt: "Murky blue waves",
      caption: "The harbour channel.",
      credit: "Illustration: The Harbour Ledger",
    },
    publishedHoursAgo: 3,
    status: "draft",
  },
];
